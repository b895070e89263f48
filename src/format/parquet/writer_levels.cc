#include "format/parquet/writer_levels.h"

#include <algorithm>

namespace strata::format::parquet {
namespace {

class LevelWalker {
 public:
  LevelWalker(const LeafColumn& leaf, PageLevels* out)
      : steps_(leaf.steps), want_def_(leaf.max_def > 0), want_rep_(leaf.max_rep > 0), out_(out) {}

  void Walk(const Column& col, size_t s, int64_t i, int16_t def, int16_t rep) {
    const LevelStep& step = steps_[s];
    if (step.nullable) {
      if (!col.IsValid(i)) {
        Emit(def, rep);
        if (s + 1 == steps_.size()) AddSlots(i, i + 1);  // keeps runs long; encoders skip nulls
        return;
      }
      ++def;
    }
    switch (step.kind) {
      case Kind::kStruct:
        return Walk(col.child(step.child), s + 1, i, def, rep);
      case Kind::kList:
      case Kind::kMap: {
        auto [b, e] = col.list_range(i);
        if (b == e) return Emit(def, rep);
        const Column& child = col.child(step.child);
        if (s + 2 == steps_.size() && !steps_[s + 1].nullable) {
          return EmitDenseLeaves(b, e, static_cast<int16_t>(def + 1), rep, step.rep_level);
        }
        if (s + 2 == steps_.size() && !child.has_nulls()) {
          return EmitDenseLeaves(b, e, static_cast<int16_t>(def + 2), rep, step.rep_level);
        }
        Walk(child, s + 1, b, static_cast<int16_t>(def + 1), rep);
        for (int64_t k = b + 1; k < e; ++k) {
          Walk(child, s + 1, k, static_cast<int16_t>(def + 1), step.rep_level);
        }
        return;
      }
      default:
        Emit(def, rep);
        return AddSlots(i, i + 1);
    }
  }

 private:
  void Emit(int16_t def, int16_t rep) {
    if (want_def_) out_->def.push_back(def);
    if (want_rep_) out_->rep.push_back(rep);
    ++out_->num_entries;
  }

  // Leaf slots [b, e) all present (or required) at definition level `def`.
  void EmitDenseLeaves(int64_t b, int64_t e, int16_t def, int16_t first_rep, int16_t rep) {
    size_t n = static_cast<size_t>(e - b);
    if (want_def_) out_->def.insert(out_->def.end(), n, def);
    if (want_rep_) {
      out_->rep.push_back(first_rep);
      out_->rep.insert(out_->rep.end(), n - 1, rep);
    }
    out_->num_entries += static_cast<int64_t>(n);
    AddSlots(b, e);
  }

  void AddSlots(int64_t b, int64_t e) {
    auto& runs = out_->runs;
    if (!runs.empty() && runs.back().end == b) {
      runs.back().end = e;
    } else {
      runs.push_back({b, e});
    }
  }

  const std::vector<LevelStep>& steps_;
  bool want_def_, want_rep_;
  PageLevels* out_;
};

}  // namespace

int64_t RowRangeBytes(const Column& col, int64_t begin, int64_t end) {
  if (end <= begin) return 0;
  const DataType& t = *col.type();
  switch (t.kind) {
    case Kind::kBinary: {
      const std::vector<int64_t>& off = col.offsets();
      return off[end] - off[begin] + 4 * (end - begin);
    }
    case Kind::kList:
    case Kind::kMap: {
      const std::vector<int64_t>& off = col.offsets();
      int64_t bytes = end - begin;
      for (int c = 0; c < col.num_children(); ++c) {
        bytes += RowRangeBytes(col.child(c), off[begin], off[end]);
      }
      return bytes;
    }
    case Kind::kStruct: {
      int64_t bytes = end - begin;
      for (int c = 0; c < col.num_children(); ++c) bytes += RowRangeBytes(col.child(c), begin, end);
      return bytes;
    }
    default:
      return (end - begin) * std::max(1, encoding::LeafWidth(t));
  }
}

int64_t CutRows(const std::vector<const Column*>& columns, int64_t begin, int64_t limit,
                int64_t budget) {
  auto bytes = [&](int64_t end) {
    int64_t total = 0;
    for (const Column* c : columns) total += RowRangeBytes(*c, begin, end);
    return total;
  };
  if (limit <= begin + 1 || bytes(limit) < budget) return limit;
  int64_t lo = begin + 1, hi = limit;  // bytes(hi) >= budget
  while (lo < hi) {
    int64_t mid = lo + (hi - lo) / 2;
    if (bytes(mid) >= budget) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return lo;
}

const Column& LeafOf(const Column& top, const LeafColumn& leaf) {
  const Column* c = &top;
  for (size_t s = 0; s + 1 < leaf.steps.size(); ++s) c = &c->child(leaf.steps[s].child);
  return *c;
}

void ComputeLevels(const Column& top, const LeafColumn& leaf, int64_t row_begin, int64_t row_end,
                   PageLevels* out) {
  out->def.clear();
  out->rep.clear();
  out->runs.clear();
  out->num_entries = 0;
  out->leaf = &LeafOf(top, leaf);
  if (leaf.steps.size() == 1) {  // flat column: levels come straight from validity
    out->num_entries = row_end - row_begin;
    out->runs.push_back({row_begin, row_end});
    if (leaf.max_def > 0) {
      out->def.resize(static_cast<size_t>(row_end - row_begin), 1);
      if (top.has_nulls()) {
        const uint8_t* v = top.validity().data();
        for (int64_t i = row_begin; i < row_end; ++i) out->def[i - row_begin] = v[i] != 0;
      }
    }
    return;
  }
  LevelWalker walker(leaf, out);
  for (int64_t r = row_begin; r < row_end; ++r) walker.Walk(top, 0, r, 0, 0);
}

}  // namespace strata::format::parquet
