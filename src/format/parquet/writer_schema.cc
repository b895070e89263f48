#include "format/parquet/writer_schema.h"

#include "format/parquet/schema_map.h"

namespace strata::format::parquet {
namespace {

// Computes the LeafColumns in the same depth-first order as MakeParquetSchema's leaves.
class LeafBuilder {
 public:
  explicit LeafBuilder(std::vector<LeafColumn>* out) : out_(out) {}

  Status AddField(const std::string& name, const DataType& type, bool nullable,
                  LeafColumn leaf) {
    leaf.path.push_back(name);
    if (nullable) ++leaf.max_def;
    LevelStep step{type.kind, nullable, 0, 0};
    switch (type.kind) {
      case Kind::kStruct: return AddStruct(type, step, std::move(leaf));
      case Kind::kList: return AddList(type, step, std::move(leaf));
      case Kind::kMap: return AddMap(type, step, std::move(leaf));
      default: break;
    }
    leaf.steps.push_back(step);
    leaf.type = std::make_shared<const DataType>(type);
    out_->push_back(std::move(leaf));
    return Status::OK();
  }

 private:
  Status AddStruct(const DataType& type, LevelStep step, LeafColumn leaf) {
    if (type.children.empty()) {
      return Status::NotSupported("Parquet cannot hold an empty struct: " + leaf.path.back());
    }
    for (size_t i = 0; i < type.children.size(); ++i) {
      const Field& f = type.children[i];
      LeafColumn sub = leaf;
      step.child = static_cast<int>(i);
      sub.steps.push_back(step);
      STRATA_RETURN_IF_ERROR(AddField(f.name, *f.type, f.nullable, std::move(sub)));
    }
    return Status::OK();
  }

  // Lists and maps: the repeated group adds a definition and a repetition level.
  static void EnterRepeated(const std::string& group_name, LevelStep* step, LeafColumn* leaf) {
    leaf->path.push_back(group_name);
    ++leaf->max_def;
    ++leaf->max_rep;
    step->rep_level = leaf->max_rep;
  }

  Status AddList(const DataType& type, LevelStep step, LeafColumn leaf) {
    EnterRepeated("list", &step, &leaf);
    leaf.steps.push_back(step);
    const Field& elem = type.children.at(0);
    return AddField("element", *elem.type, elem.nullable, std::move(leaf));
  }

  Status AddMap(const DataType& type, LevelStep step, LeafColumn leaf) {
    EnterRepeated("key_value", &step, &leaf);
    LeafColumn key_leaf = leaf;
    key_leaf.steps.push_back(step);
    STRATA_RETURN_IF_ERROR(AddField("key", *type.children.at(0).type, false, std::move(key_leaf)));
    step.child = 1;
    leaf.steps.push_back(step);
    const Field& value = type.children.at(1);
    return AddField("value", *value.type, value.nullable, std::move(leaf));
  }

  std::vector<LeafColumn>* out_;
};

}  // namespace

Result<WriterSchema> BuildWriterSchema(const Schema& schema) {
  WriterSchema out;
  LeafBuilder builder(&out.leaves);
  for (int i = 0; i < schema.num_fields(); ++i) {
    const Field& f = schema.field(i);
    LeafColumn leaf;
    leaf.top_field = i;
    STRATA_RETURN_IF_ERROR(builder.AddField(f.name, *f.type, f.nullable, std::move(leaf)));
  }
  out.elements = MakeParquetSchema(schema);
  size_t next = 0;
  for (size_t e = 1; e < out.elements.size(); ++e) {
    const SchemaElement& el = out.elements[e];
    if (el.num_children) continue;
    if (next >= out.leaves.size() || !el.type) break;
    out.leaves[next++].physical = *el.type;
  }
  if (next != out.leaves.size()) {
    return Status::Internal("Parquet schema of " + schema.ToString() + " does not match its leaves");
  }
  return out;
}

}  // namespace strata::format::parquet
