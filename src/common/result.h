// Result<T>: a value or the Status that explains why there is none (Arrow's arrow::Result).
//
// Construct from a T (success) or from a non-OK Status (failure); a Result built from an OK
// Status is a bug and becomes an Internal error. Access the value only after checking ok().
// Thread-safety: as for T.
#pragma once

#include <cassert>
#include <optional>
#include <utility>

#include "common/status.h"

namespace strata {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    if (status_.ok()) status_ = Status::Internal("Result constructed from an OK status");
  }
  template <typename U>
    requires(std::is_convertible_v<U&&, T> && !std::is_same_v<std::decay_t<U>, T> &&
             !std::is_same_v<std::decay_t<U>, Status>)
  Result(U&& value) : value_(T(std::forward<U>(value))) {}  // NOLINT

  bool ok() const { return value_.has_value(); }
  const Status& status() const& {
    static const Status kOk;
    return ok() ? kOk : status_;
  }
  Status status() && { return ok() ? Status::OK() : std::move(status_); }

  const T& value() const& { assert(ok()); return *value_; }
  T& value() & { assert(ok()); return *value_; }
  T&& value() && { assert(ok()); return std::move(*value_); }
  T ValueOr(T fallback) const& { return ok() ? *value_ : std::move(fallback); }

  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

template <typename T>
inline Status ToStatus(const Result<T>& r) { return r.status(); }
template <typename T>
inline Status ToStatus(Result<T>&& r) { return std::move(r).status(); }

}  // namespace strata

#define STRATA_ASSIGN_OR_RETURN_IMPL(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                                 \
  if (!tmp.ok()) return std::move(tmp).status();      \
  lhs = std::move(tmp).value()

/// Evaluate `rexpr` (a Result); on error return its Status, else move its value into `lhs`.
/// `lhs` may be a declaration: STRATA_ASSIGN_OR_RETURN(auto file, store->Get(path));
#define STRATA_ASSIGN_OR_RETURN(lhs, rexpr) \
  STRATA_ASSIGN_OR_RETURN_IMPL(STRATA_CONCAT(_strata_result_, __LINE__), lhs, rexpr)
