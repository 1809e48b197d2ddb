#include "witness/recorder/huge_page_allocator.h"

#include <sys/mman.h>

#include <cstdint>

namespace witness::recorder::internal {
namespace {

constexpr std::size_t kHugePage = 2u << 20;

std::size_t RoundUp(std::size_t bytes) { return (bytes + kHugePage - 1) & ~(kHugePage - 1); }

}  // namespace

void* AllocateHugePageBlock(std::size_t bytes) {
  // Map one huge page more than needed, and give back the parts before the
  // first 2 MiB boundary and after the block.
  const std::size_t size = RoundUp(bytes);
  void* mapped =
      ::mmap(nullptr, size + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) throw std::bad_alloc();
  const auto begin = reinterpret_cast<std::uintptr_t>(mapped);
  const std::uintptr_t aligned = (begin + kHugePage - 1) & ~(kHugePage - 1);
  if (aligned > begin) ::munmap(mapped, aligned - begin);
  const std::uintptr_t end = begin + size + kHugePage;
  if (end > aligned + size) ::munmap(reinterpret_cast<void*>(aligned + size), end - aligned - size);
  // Advice only: where huge pages are off, the block is ordinary memory.
  ::madvise(reinterpret_cast<void*>(aligned), size, MADV_HUGEPAGE);
  return reinterpret_cast<void*>(aligned);
}

void FreeHugePageBlock(void* block, std::size_t bytes) noexcept {
  ::munmap(block, RoundUp(bytes));
}

}  // namespace witness::recorder::internal
