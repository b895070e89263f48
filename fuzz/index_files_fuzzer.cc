// libFuzzer target: loading damaged index builds. Small text and vector indexes are saved to a
// memory store once; each input replaces one of their files (the first byte picks which, the
// second whether the rest replaces the file or is XORed over it). Loading must fail with a
// status or give an index whose searches stay in bounds — never a crash or a wild read.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "index/text/text_index.h"
#include "index/vector/vector_index.h"
#include "io/memory_store.h"

namespace {

struct Saved {
  std::vector<std::pair<std::string, std::string>> files;  // path, bytes
};

Saved& Baseline() {
  static Saved saved = [] {
    strata::io::MemoryStore store;
    auto text = strata::index::TextIndex::Create({});
    std::vector<std::string> docs = {"the tide rises twice a day", "bread dough rises in warmth",
                                     "moon and ocean tides", "a quiet river at dawn"};
    std::vector<std::string_view> views(docs.begin(), docs.end());
    if (!text.ok() || !(*text)->Add(views).ok() || !(*text)->Save(store, "text").ok()) std::abort();
    strata::index::VectorIndexOptions options;
    options.dimension = 8;
    options.threads = 1;
    auto vec = strata::index::VectorIndex::Create(options);
    std::vector<float> v(8 * 64);
    for (size_t i = 0; i < v.size(); ++i) v[i] = float((i * 7919) % 101) / 101.0f - 0.5f;
    if (!vec.ok() || !(*vec)->Add(v.data(), 64).ok() || !(*vec)->Save(store, "vector").ok()) {
      std::abort();
    }
    Saved s;
    auto listed = store.List("");
    if (!listed.ok()) std::abort();
    for (const auto& info : *listed) {
      s.files.emplace_back(info.path, (*store.Get(info.path))->ToString());
    }
    return s;
  }();
  return saved;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Saved& base = Baseline();
  if (size < 2 || base.files.empty()) return 0;
  size_t pick = data[0] % base.files.size();
  bool xor_mode = data[1] & 1;
  strata::io::MemoryStore store;
  for (size_t i = 0; i < base.files.size(); ++i) {
    std::string bytes = base.files[i].second;
    if (i == pick) {
      if (xor_mode) {
        for (size_t j = 2; j < size && j - 2 < bytes.size(); ++j) bytes[j - 2] ^= data[j];
      } else {
        bytes.assign(reinterpret_cast<const char*>(data + 2), size - 2);
      }
    }
    (void)store.Put(base.files[i].first, bytes);
  }
  if (base.files[pick].first.rfind("text", 0) == 0) {
    auto text = strata::index::TextIndex::Load(store, "text");
    if (text.ok()) {
      auto hits = (*text)->Search("tide rises dawn", {});
      if (hits.ok()) {
        for (const auto& h : *hits) {
          if (h.id >= (*text)->size()) std::abort();
        }
      }
    }
  } else {
    auto vec = strata::index::VectorIndex::Load(store, "vector");
    if (vec.ok() && (*vec)->options().dimension > 0 && (*vec)->options().dimension <= 4096) {
      std::vector<float> q((*vec)->options().dimension, 0.25f);
      auto hits = (*vec)->Search(q.data(), {});
      if (hits.ok()) {
        for (const auto& h : *hits) {
          if (h.id >= (*vec)->size()) std::abort();
        }
      }
    }
  }
  return 0;
}
