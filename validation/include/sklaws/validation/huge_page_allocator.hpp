// An allocator for the large arrays that Monte Carlo samplers read at random
// positions (the CRP's table id per customer: 40 MB at n = 1e7).
//
// Why: with 4 KiB pages a random read in a 40 MB array misses the TLB as
// well as the cache, and a page walk is not hidden by a software prefetch as
// well as a plain cache miss is. Blocks of 2 MiB and more are therefore
// aligned to 2 MiB and offered to the kernel as transparent huge pages
// (madvise(MADV_HUGEPAGE); Debian's default THP mode is "madvise", so
// without the hint the kernel never uses them). Smaller blocks, and systems
// without the call, get plain operator new memory. The hint changes speed
// only, never contents.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace sklaws::validation {

template <class T>
class HugePageAllocator {
public:
    using value_type = T;
    static constexpr std::size_t huge_page = std::size_t{1} << 21;

    HugePageAllocator() noexcept = default;
    template <class U>
    HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

    T* allocate(std::size_t count) {
        if (count > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
        const std::size_t bytes = count * sizeof(T);
        if (bytes < huge_page) return static_cast<T*>(::operator new(bytes));
        const std::size_t rounded = (bytes + huge_page - 1) / huge_page * huge_page;
        void* block = std::aligned_alloc(huge_page, rounded);
        if (block == nullptr) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
        ::madvise(block, rounded, MADV_HUGEPAGE);  // a refusal only costs speed
#endif
        return static_cast<T*>(block);
    }

    void deallocate(T* block, std::size_t count) noexcept {
        if (count * sizeof(T) < huge_page) {
            ::operator delete(block);
        } else {
            std::free(block);
        }
    }

    template <class U>
    bool operator==(const HugePageAllocator<U>&) const noexcept {
        return true;
    }
};

}  // namespace sklaws::validation
