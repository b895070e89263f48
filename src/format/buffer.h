// ByteVector: the byte buffer of Column data and decoded Parquet values.
//
// A std::vector whose allocator leaves elements uninitialized on value-less construction, so
// resize() reserves and maps address space without writing it. Scans size buffers of gigabytes
// up front and let parallel decoders write their slices: with a zero-filling vector, the first
// touch of every page would happen in one thread, in resize().
// Thread-safety: as std::vector.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace strata::format {

template <typename T>
struct DefaultInitAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  DefaultInitAllocator() = default;
  template <typename U>
  DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}  // NOLINT: rebinding
  template <typename U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

using ByteVector = std::vector<uint8_t, DefaultInitAllocator<uint8_t>>;

}  // namespace strata::format
