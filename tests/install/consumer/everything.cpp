// Links every installed sklaws library whole (see CMakeLists.txt); running it
// proves the static initialisers of all of them and their dependencies load.
#include <cstdio>

int main() {
    std::puts("everything links");
    return 0;
}
