// Levels -> Columns (Dremel record assembly, one pass over the levels per node).
#include "format/parquet/reader_assemble.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace strata::format::parquet {
namespace {

class Levels {
 public:
  explicit Levels(const ChunkData& c)
      : def_(c.def_levels.empty() ? nullptr : c.def_levels.data()),
        rep_(c.rep_levels.empty() ? nullptr : c.rep_levels.data()),
        uniform_def_(c.uniform_def),
        n_(c.num_entries) {}
  int64_t size() const { return n_; }
  int16_t def(int64_t i) const { return def_ ? def_[i] : uniform_def_; }
  int16_t rep(int64_t i) const { return rep_ ? rep_[i] : 0; }
  bool has_rep() const { return rep_ != nullptr; }
  bool Slot(const ReadNode& n, int64_t i) const {
    return (def(i) >= n.slot_def) & (rep(i) <= n.slot_rep);
  }
  // True when every entry's definition level is at least `d` (no per-entry check needed).
  bool AllDefAtLeast(int16_t d) const { return def_ == nullptr && uniform_def_ >= d; }
  // Number of entries that are slots of `n`.
  int64_t CountSlots(const ReadNode& n) const {
    if (def_ == nullptr) {
      if (uniform_def_ < n.slot_def) return 0;
      if (rep_ == nullptr) return n_;
      const int16_t max_rep = n.slot_rep;
      return std::count_if(rep_, rep_ + n_, [max_rep](int16_t r) { return r <= max_rep; });
    }
    int64_t slots = 0;
    for (int64_t i = 0; i < n_; ++i) slots += Slot(n, i);
    return slots;
  }
  const int16_t* rep_data() const { return rep_; }

 private:
  const int16_t* def_;
  const int16_t* rep_;
  int16_t uniform_def_;
  int64_t n_;
};

Status Mismatch(const ReadNode& node, const std::string& what) {
  return Status::Corruption("column '" + node.name + "': " + what);
}

// Validity of `node`'s slots: empty when all present or the node is not nullable.
void Validity(const ReadNode& node, const Levels& lv, Column* out) {
  if (!node.nullable || lv.AllDefAtLeast(node.present_def)) return;
  int64_t slots = 0, nulls = 0;
  for (int64_t i = 0; i < lv.size(); ++i) {
    bool slot = lv.Slot(node, i);
    slots += slot;
    nulls += slot & (lv.def(i) < node.present_def);
  }
  if (nulls == 0) return;
  std::vector<uint8_t>& valid = out->mutable_validity();
  valid.reserve(slots);
  for (int64_t i = 0; i < lv.size(); ++i) {
    if (lv.Slot(node, i)) valid.push_back(lv.def(i) >= node.present_def);
  }
}

Status BuildNode(const ReadNode& node, std::vector<ChunkData>& chunks, Column* out);

Status BuildLeaf(const ReadNode& node, ChunkData& chunk, Column* out) {
  Levels lv(chunk);
  decoding::ValueBuffer& vals = chunk.values;
  int64_t slots = 0, present = 0;
  bool all_present = true;
  if (lv.AllDefAtLeast(node.present_def)) {
    slots = present = lv.CountSlots(node);
  } else {
    for (int64_t i = 0; i < lv.size(); ++i) {
      if (!lv.Slot(node, i)) continue;
      ++slots;
      bool p = lv.def(i) >= node.present_def;
      present += p;
      all_present &= p;
    }
  }
  if (present != vals.count()) {
    return Mismatch(node, std::to_string(present) + " defined values but " +
                              std::to_string(vals.count()) + " decoded");
  }
  Validity(node, lv, out);
  out->set_length(slots);
  if (all_present) {
    out->mutable_data() = std::move(vals.data);
    if (vals.width == 0) out->mutable_offsets() = std::move(vals.offsets);
    return Status::OK();
  }
  if (vals.width == 0) {
    std::vector<int64_t>& offsets = out->mutable_offsets();
    offsets.reserve(slots + 1);
    offsets.push_back(0);
    int64_t next = 0;
    for (int64_t i = 0; i < lv.size(); ++i) {
      if (!lv.Slot(node, i)) continue;
      if (lv.def(i) >= node.present_def) ++next;
      offsets.push_back(vals.offsets[next]);
    }
    out->mutable_data() = std::move(vals.data);
    return Status::OK();
  }
  const int w = vals.width;
  ByteVector& data = out->mutable_data();
  data.assign(static_cast<size_t>(slots) * w, 0);
  const uint8_t* src = vals.data.data();
  uint8_t* dst = data.data();
  for (int64_t i = 0; i < lv.size(); ++i) {
    if (!lv.Slot(node, i)) continue;
    if (lv.def(i) >= node.present_def) {
      std::memcpy(dst, src, w);
      src += w;
    }
    dst += w;
  }
  return Status::OK();
}

Status BuildStruct(const ReadNode& node, std::vector<ChunkData>& chunks, Column* out) {
  Levels lv(chunks[node.first_leaf]);
  int64_t slots = lv.CountSlots(node);
  Validity(node, lv, out);
  out->set_length(slots);
  auto& children = out->mutable_children();
  for (size_t c = 0; c < node.children.size(); ++c) {
    children.emplace_back(node.children[c].type);
    STRATA_RETURN_IF_ERROR(BuildNode(node.children[c], chunks, &children.back()));
    if (children.back().length() != slots) {
      return Mismatch(node, "struct field '" + node.children[c].name + "' has " +
                                std::to_string(children.back().length()) + " rows, expected " +
                                std::to_string(slots));
    }
  }
  return Status::OK();
}

Status BuildRepeated(const ReadNode& node, std::vector<ChunkData>& chunks, Column* out) {
  Levels lv(chunks[node.first_leaf]);
  const ReadNode& child = node.children[0];
  std::vector<int64_t>& offsets = out->mutable_offsets();
  int64_t count = 0;
  const int16_t* rep = lv.rep_data();
  if (rep != nullptr && lv.AllDefAtLeast(std::max(node.slot_def, child.slot_def))) {
    // No empty or null lists: slots follow from the repetition levels alone.
    offsets.reserve(lv.CountSlots(node) + 1);
    const int16_t node_rep = node.slot_rep, child_rep = child.slot_rep;
    const int64_t n = lv.size();
    int64_t i = 0;
    constexpr int kBlock = 32;  // blocks without a list start are counted, not walked
    for (; i + kBlock <= n; i += kBlock) {
      int starts = 0, elems = 0;
      for (int k = 0; k < kBlock; ++k) {
        starts += rep[i + k] <= node_rep;
        elems += rep[i + k] <= child_rep;
      }
      if (starts == 0) {
        count += elems;
        continue;
      }
      for (int k = 0; k < kBlock; ++k) {
        if (rep[i + k] <= node_rep) offsets.push_back(count);
        count += rep[i + k] <= child_rep;
      }
    }
    for (; i < n; ++i) {
      if (rep[i] <= node_rep) offsets.push_back(count);
      count += rep[i] <= child_rep;
    }
  } else {
    for (int64_t i = 0; i < lv.size(); ++i) {
      if (lv.Slot(node, i)) offsets.push_back(count);
      if (lv.Slot(child, i)) ++count;
    }
  }
  offsets.push_back(count);
  Validity(node, lv, out);
  out->set_length(static_cast<int64_t>(offsets.size()) - 1);
  auto& children = out->mutable_children();
  for (const ReadNode& c : node.children) {
    children.emplace_back(c.type);
    STRATA_RETURN_IF_ERROR(BuildNode(c, chunks, &children.back()));
    if (children.back().length() != count) {
      return Mismatch(node, "has " + std::to_string(count) + " elements but its '" + c.name +
                                "' column has " + std::to_string(children.back().length()));
    }
  }
  return Status::OK();
}

Status BuildNode(const ReadNode& node, std::vector<ChunkData>& chunks, Column* out) {
  if (node.leaf >= 0) return BuildLeaf(node, chunks[node.leaf], out);
  if (node.type->kind == Kind::kStruct) return BuildStruct(node, chunks, out);
  return BuildRepeated(node, chunks, out);
}

}  // namespace

Result<Column> AssembleColumn(const ReadNode& node, std::vector<ChunkData>& chunks,
                              int64_t num_rows) {
  Column out(node.type);
  STRATA_RETURN_IF_ERROR(BuildNode(node, chunks, &out));
  if (out.length() != num_rows) {
    return Mismatch(node, "has " + std::to_string(out.length()) + " rows, the row group " +
                              std::to_string(num_rows));
  }
  return out;
}

Column MergeColumns(std::vector<Column>&& parts) {
  if (parts.size() == 1) return std::move(parts[0]);
  Column out(parts[0].type());
  int64_t length = 0;
  size_t data_bytes = 0;
  bool nulls = false;
  for (const Column& p : parts) {
    length += p.length();
    data_bytes += p.data().size();
    nulls |= p.has_nulls();
  }
  if (nulls) {
    std::vector<uint8_t>& v = out.mutable_validity();
    v.reserve(length);
    for (const Column& p : parts) {
      if (p.has_nulls()) {
        v.insert(v.end(), p.validity().begin(), p.validity().end());
      } else {
        v.insert(v.end(), static_cast<size_t>(p.length()), 1);
      }
    }
  }
  const Kind kind = parts[0].type()->kind;
  if (kind == Kind::kBinary || kind == Kind::kList || kind == Kind::kMap) {
    std::vector<int64_t>& offs = out.mutable_offsets();
    offs.reserve(length + 1);
    offs.push_back(0);
    for (const Column& p : parts) {
      const int64_t shift = offs.back();
      for (size_t i = 1; i < p.offsets().size(); ++i) offs.push_back(p.offsets()[i] + shift);
    }
  }
  ByteVector& data = out.mutable_data();
  data.reserve(data_bytes);
  for (Column& p : parts) {
    data.insert(data.end(), p.data().begin(), p.data().end());
    ByteVector().swap(p.mutable_data());
  }
  for (int c = 0; c < parts[0].num_children(); ++c) {
    std::vector<Column> kids;
    kids.reserve(parts.size());
    for (Column& p : parts) kids.push_back(std::move(p.mutable_children()[c]));
    out.mutable_children().push_back(MergeColumns(std::move(kids)));
  }
  out.set_length(length);
  return out;
}

void TruncateColumn(Column* c, int64_t rows) {
  if (rows >= c->length()) return;
  if (!c->validity().empty()) c->mutable_validity().resize(rows);
  const DataType& t = *c->type();
  switch (t.kind) {
    case Kind::kBinary:
      c->mutable_offsets().resize(rows + 1);
      c->mutable_data().resize(c->offsets()[rows]);
      break;
    case Kind::kList:
    case Kind::kMap: {
      c->mutable_offsets().resize(rows + 1);
      int64_t end = c->offsets()[rows];
      for (Column& child : c->mutable_children()) TruncateColumn(&child, end);
      break;
    }
    case Kind::kStruct:
      for (Column& child : c->mutable_children()) TruncateColumn(&child, rows);
      break;
    default: {
      int64_t width = c->length() == 0 ? 0 : static_cast<int64_t>(c->data().size()) / c->length();
      c->mutable_data().resize(rows * width);
    }
  }
  c->set_length(rows);
}

}  // namespace strata::format::parquet
