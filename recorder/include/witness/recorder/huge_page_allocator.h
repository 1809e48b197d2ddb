// The allocator of a recording's record array.
//
// On the virtual machines Witness runs on, the first touch of each 4 KiB page
// costs 10-15 us (a trap through the hypervisor): 8 MiB of fresh memory took
// 22 ms to touch in 4 KiB pages and 0.6-0.8 ms in 2 MiB huge pages. A soak's
// 100,000 records fill about 5 MiB, so large arrays are placed on 2 MiB
// boundaries and advised as huge pages. Where the kernel gives none, they
// are ordinary memory. Small arrays come from operator new as usual.
#ifndef WITNESS_RECORDER_HUGE_PAGE_ALLOCATOR_H_
#define WITNESS_RECORDER_HUGE_PAGE_ALLOCATOR_H_

#include <cstddef>
#include <new>

namespace witness::recorder {

namespace internal {
// Blocks of at least this size are huge-page blocks.
inline constexpr std::size_t kHugePageBlockBytes = 2u << 20;
// A 2 MiB-aligned block advised as huge pages; throws std::bad_alloc.
void* AllocateHugePageBlock(std::size_t bytes);
void FreeHugePageBlock(void* block, std::size_t bytes) noexcept;
}  // namespace internal

template <typename T>
class HugePageAllocator {
 public:
  using value_type = T;

  HugePageAllocator() noexcept = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}  // NOLINT: rebinding

  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (bytes >= internal::kHugePageBlockBytes) {
      return static_cast<T*>(internal::AllocateHugePageBlock(bytes));
    }
    return static_cast<T*>(::operator new(bytes, std::align_val_t(alignof(T))));
  }
  void deallocate(T* p, std::size_t n) noexcept {
    const std::size_t bytes = n * sizeof(T);
    if (bytes >= internal::kHugePageBlockBytes) {
      internal::FreeHugePageBlock(p, bytes);
    } else {
      // Unsized: clang enables sized deallocation only with
      // -fsized-deallocation, and this header must compile under both.
      ::operator delete(p, std::align_val_t(alignof(T)));
    }
  }

  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }
  template <typename U>
  bool operator!=(const HugePageAllocator<U>&) const noexcept {
    return false;
  }
};

}  // namespace witness::recorder

#endif  // WITNESS_RECORDER_HUGE_PAGE_ALLOCATOR_H_
