// CowArray: a typed array that either owns its elements or views a read-only mapping of a saved
// file, copying the mapping into owned memory on the first write (copy-on-write).
//
// A loaded index keeps every array mapped (no copy, pages loaded on demand) until an Add or
// Remove asks for mutable_data() or Resize(). Owned arrays grow geometrically.
// Thread-safety: reads are safe from many threads; Resize/mutable_data need exclusive access.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <vector>

#include "io/object_store.h"

namespace strata::index::vector {

template <typename T>
class CowArray {
 public:
  const T* data() const { return view_; }
  size_t size() const { return size_; }
  bool mapped() const { return mapping_ != nullptr; }
  const T& operator[](size_t i) const { return view_[i]; }

  /// View `count` elements of `mapping` from its start. REQUIRES: mapping holds that many bytes.
  void Map(std::shared_ptr<io::Buffer> mapping, size_t count) {
    owned_.clear();
    owned_.shrink_to_fit();
    mapping_ = std::move(mapping);
    view_ = reinterpret_cast<const T*>(mapping_->data());
    size_ = count;
  }

  /// Owned, writable elements (copies a mapping first).
  T* mutable_data() {
    Own();
    return owned_.data();
  }

  /// Grow or shrink to `n` elements; new ones are `fill`.
  void Resize(size_t n, T fill = T{}) {
    Own();
    if (n > owned_.capacity()) owned_.reserve(std::max(n, owned_.capacity() * 3 / 2));
    owned_.resize(n, fill);
    view_ = owned_.data();
    size_ = n;
  }

  /// Bytes held: the owned capacity, or the mapped length.
  size_t MemoryBytes() const {
    return mapping_ ? size_ * sizeof(T) : owned_.capacity() * sizeof(T);
  }

 private:
  void Own() {
    if (!mapping_) return;
    owned_.assign(view_, view_ + size_);
    mapping_.reset();
    view_ = owned_.data();
  }

  std::vector<T> owned_;
  std::shared_ptr<io::Buffer> mapping_;
  const T* view_ = nullptr;
  size_t size_ = 0;
};

}  // namespace strata::index::vector
