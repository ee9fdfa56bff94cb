// HugePageAllocator: large blocks are 2 MiB aligned and usable end to end,
// small ones come from operator new, and a vector that grows across the
// threshold keeps its contents.
#include <sklaws/validation/huge_page_allocator.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <numeric>
#include <vector>

using sklaws::validation::HugePageAllocator;

TEST_CASE("HugePageAllocator aligns large blocks to 2 MiB and keeps contents while growing", "[validation][memory]") {
    std::vector<std::uint32_t, HugePageAllocator<std::uint32_t>> v;
    const std::uint32_t n = 3u << 20;  // 12 MiB: crosses the 2 MiB threshold on the way
    for (std::uint32_t i = 0; i < n; ++i) v.push_back(i * 2654435761u);
    REQUIRE(v.size() == n);
    CHECK(reinterpret_cast<std::uintptr_t>(v.data()) % HugePageAllocator<std::uint32_t>::huge_page == 0);
    bool intact = true;
    for (std::uint32_t i = 0; i < n; ++i) intact = intact && v[i] == i * 2654435761u;
    CHECK(intact);

    std::vector<std::uint32_t, HugePageAllocator<std::uint32_t>> small(100);
    std::iota(small.begin(), small.end(), 7u);
    CHECK(small.back() == 106u);
}

TEST_CASE("HugePageAllocator refuses sizes whose byte count overflows", "[validation][memory]") {
    HugePageAllocator<std::uint64_t> allocator;
    CHECK_THROWS_AS(allocator.allocate(static_cast<std::size_t>(-1) / 4), std::bad_array_new_length);
}
