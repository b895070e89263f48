// EmbedderWrapper: an Embedder that forwards every call to a target it owns — the base for
// decorators (metrics, rate limits, logging) that override only what they change, as LevelDB's
// EnvWrapper does for Env.
// Thread-safety: as the target's.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "embed/embedder.h"

namespace strata::embed {

class EmbedderWrapper : public Embedder {
 public:
  /// REQUIRES: target != nullptr.
  explicit EmbedderWrapper(std::unique_ptr<Embedder> target) : target_(std::move(target)) {}

  const Embedder& target() const { return *target_; }

  const std::string& model_id() const override { return target_->model_id(); }
  int dimension() const override { return target_->dimension(); }
  Status Embed(std::span<const std::string_view> texts, std::vector<float>* out) const override {
    return target_->Embed(texts, out);
  }

 private:
  std::unique_ptr<Embedder> target_;
};

}  // namespace strata::embed
