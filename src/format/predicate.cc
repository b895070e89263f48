#include "format/predicate.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>

#include <strings.h>

namespace strata::format {

// ---------------------------------------------------------------------------------------------
// Literals
// ---------------------------------------------------------------------------------------------

std::string LiteralToString(const Literal& v) {
  if (std::holds_alternative<std::monostate>(v)) return "NULL";
  if (const bool* b = std::get_if<bool>(&v)) return *b ? "TRUE" : "FALSE";
  if (const int64_t* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (const double* d = std::get_if<double>(&v)) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.17g", *d);
    std::string text = buf;
    // Keep it a decimal when read back: "-0" or "1" would parse as integers.
    if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
    return text;
  }
  std::string out = "'";
  for (char c : std::get<std::string>(v)) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::optional<int> CompareLiterals(const Literal& a, const Literal& b) {
  auto sign = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  if (a.index() == b.index()) {
    if (const bool* x = std::get_if<bool>(&a)) return sign(*x, std::get<bool>(b));
    if (const int64_t* x = std::get_if<int64_t>(&a)) return sign(*x, std::get<int64_t>(b));
    if (const double* x = std::get_if<double>(&a)) {
      double y = std::get<double>(b);
      if (std::isnan(*x) || std::isnan(y)) return std::nullopt;
      return sign(*x, y);
    }
    if (const std::string* x = std::get_if<std::string>(&a)) {
      int c = x->compare(std::get<std::string>(b));
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    return std::nullopt;  // null vs null
  }
  const int64_t* ai = std::get_if<int64_t>(&a);
  const int64_t* bi = std::get_if<int64_t>(&b);
  const double* ad = std::get_if<double>(&a);
  const double* bd = std::get_if<double>(&b);
  if (ai && bd) {
    if (std::isnan(*bd)) return std::nullopt;
    return sign(static_cast<double>(*ai), *bd);
  }
  if (ad && bi) {
    if (std::isnan(*ad)) return std::nullopt;
    return sign(*ad, static_cast<double>(*bi));
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Construction and printing
// ---------------------------------------------------------------------------------------------

Predicate Predicate::Compare(Op op, std::string column, Literal value) {
  Predicate p;
  p.op_ = op;
  p.column_ = std::move(column);
  p.values_.push_back(std::move(value));
  return p;
}

Predicate Predicate::In(std::string column, std::vector<Literal> values) {
  Predicate p;
  p.op_ = Op::kIn;
  p.column_ = std::move(column);
  p.values_ = std::move(values);
  return p;
}

Predicate Predicate::IsNull(std::string column, bool negate) {
  Predicate p;
  p.op_ = negate ? Op::kIsNotNull : Op::kIsNull;
  p.column_ = std::move(column);
  return p;
}

Predicate Predicate::And(std::vector<Predicate> children) {
  if (children.size() == 1) return std::move(children[0]);
  Predicate p;
  p.op_ = children.empty() ? Op::kTrue : Op::kAnd;
  p.children_ = std::move(children);
  return p;
}

Predicate Predicate::Or(std::vector<Predicate> children) {
  if (children.size() == 1) return std::move(children[0]);
  Predicate p;
  p.op_ = children.empty() ? Op::kTrue : Op::kOr;
  p.children_ = std::move(children);
  return p;
}

Predicate Predicate::Not(Predicate child) {
  Predicate p;
  p.op_ = Op::kNot;
  p.children_.push_back(std::move(child));
  return p;
}

std::vector<std::string> Predicate::Columns() const {
  std::vector<std::string> out;
  if (!column_.empty()) out.push_back(column_);
  for (const Predicate& c : children_) {
    for (std::string& name : c.Columns()) {
      bool seen = false;
      for (const std::string& have : out) seen = seen || have == name;
      if (!seen) out.push_back(std::move(name));
    }
  }
  return out;
}

namespace {

const char* OpText(Predicate::Op op) {
  switch (op) {
    case Predicate::Op::kEq: return " = ";
    case Predicate::Op::kNe: return " != ";
    case Predicate::Op::kLt: return " < ";
    case Predicate::Op::kLe: return " <= ";
    case Predicate::Op::kGt: return " > ";
    case Predicate::Op::kGe: return " >= ";
    default: return " ? ";
  }
}

// A name prints bare only when it reads back as the same name: dot-separated parts that are
// identifiers and not keywords; otherwise back-quoted.
std::string QuoteName(const std::string& name) {
  static const char* const kKeywords[] = {"AND", "OR", "NOT", "IN", "IS", "NULL", "TRUE", "FALSE"};
  size_t start = 0;
  while (true) {
    size_t dot = name.find('.', start);
    std::string part = name.substr(start, dot == std::string::npos ? dot : dot - start);
    bool bare = !part.empty() && !std::isdigit(static_cast<unsigned char>(part[0]));
    for (char c : part) bare = bare && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    for (const char* k : kKeywords) bare = bare && strcasecmp(part.c_str(), k) != 0;
    if (!bare) return "`" + name + "`";
    if (dot == std::string::npos) return name;
    start = dot + 1;
  }
}

}  // namespace

std::string Predicate::ToString() const {
  switch (op_) {
    case Op::kTrue: return "TRUE";
    case Op::kIsNull: return QuoteName(column_) + " IS NULL";
    case Op::kIsNotNull: return QuoteName(column_) + " IS NOT NULL";
    case Op::kIn: {
      std::string out = QuoteName(column_) + " IN (";
      for (size_t i = 0; i < values_.size(); ++i) {
        out += (i ? ", " : "") + LiteralToString(values_[i]);
      }
      return out + ")";
    }
    case Op::kNot: return "NOT (" + children_[0].ToString() + ")";
    case Op::kAnd:
    case Op::kOr: {
      std::string out;
      for (size_t i = 0; i < children_.size(); ++i) {
        if (i) out += op_ == Op::kAnd ? " AND " : " OR ";
        out += "(" + children_[i].ToString() + ")";
      }
      return out;
    }
    default: return QuoteName(column_) + OpText(op_) + LiteralToString(values_[0]);
  }
}

// ---------------------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------------------

namespace {

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Result<Predicate> ParseAll() {
    STRATA_ASSIGN_OR_RETURN(Predicate p, ParseOr());
    SkipSpace();
    if (pos_ != text_.size()) return Error("unexpected input");
    return p;
  }

 private:
  static constexpr int kMaxDepth = 200;

  Status Error(std::string_view what) const {
    return Status::InvalidArgument("predicate: " + std::string(what) + " at position " +
                                   std::to_string(pos_) + " in '" + std::string(text_) + "'");
  }
  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool AtKeyword(std::string_view kw) {
    SkipSpace();
    if (text_.size() - pos_ < kw.size()) return false;
    for (size_t i = 0; i < kw.size(); ++i) {
      if (std::toupper(static_cast<unsigned char>(text_[pos_ + i])) != kw[i]) return false;
    }
    size_t end = pos_ + kw.size();
    if (end < text_.size() &&
        (std::isalnum(static_cast<unsigned char>(text_[end])) || text_[end] == '_')) {
      return false;
    }
    return true;
  }
  bool EatKeyword(std::string_view kw) {
    if (!AtKeyword(kw)) return false;
    pos_ += kw.size();
    return true;
  }
  bool EatChar(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  Result<Predicate> ParseOr() {
    if (++depth_ > kMaxDepth) return Error("expression nested too deeply");
    std::vector<Predicate> parts;
    STRATA_ASSIGN_OR_RETURN(Predicate first, ParseAnd());
    parts.push_back(std::move(first));
    while (EatKeyword("OR")) {
      STRATA_ASSIGN_OR_RETURN(Predicate next, ParseAnd());
      parts.push_back(std::move(next));
    }
    --depth_;
    return Predicate::Or(std::move(parts));
  }

  Result<Predicate> ParseAnd() {
    std::vector<Predicate> parts;
    STRATA_ASSIGN_OR_RETURN(Predicate first, ParseNot());
    parts.push_back(std::move(first));
    while (EatKeyword("AND")) {
      STRATA_ASSIGN_OR_RETURN(Predicate next, ParseNot());
      parts.push_back(std::move(next));
    }
    return Predicate::And(std::move(parts));
  }

  Result<Predicate> ParseNot() {
    if (EatKeyword("NOT")) {
      if (++depth_ > kMaxDepth) return Error("expression nested too deeply");
      STRATA_ASSIGN_OR_RETURN(Predicate child, ParseNot());
      --depth_;
      return Predicate::Not(std::move(child));
    }
    return ParseCompare();
  }

  Result<Predicate> ParseCompare() {
    if (EatChar('(')) {
      STRATA_ASSIGN_OR_RETURN(Predicate inner, ParseOr());
      if (!EatChar(')')) return Error("expected ')'");
      return inner;
    }
    STRATA_ASSIGN_OR_RETURN(std::string name, ParseName());
    if (EatKeyword("IS")) {
      bool negate = EatKeyword("NOT");
      if (!EatKeyword("NULL")) return Error("expected NULL");
      return Predicate::IsNull(std::move(name), negate);
    }
    if (EatKeyword("IN")) return ParseInList(std::move(name));
    STRATA_ASSIGN_OR_RETURN(Predicate::Op op, ParseOp());
    STRATA_ASSIGN_OR_RETURN(Literal value, ParseLiteral());
    return Predicate::Compare(op, std::move(name), std::move(value));
  }

  Result<Predicate> ParseInList(std::string name) {
    if (!EatChar('(')) return Error("expected '(' after IN");
    std::vector<Literal> values;
    do {
      STRATA_ASSIGN_OR_RETURN(Literal v, ParseLiteral());
      values.push_back(std::move(v));
    } while (EatChar(','));
    if (!EatChar(')')) return Error("expected ')' closing IN list");
    return Predicate::In(std::move(name), std::move(values));
  }

  Result<std::string> ParseNamePart() {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == '`') {
      size_t end = text_.find('`', pos_ + 1);
      if (end == std::string_view::npos) return Error("unterminated back-quoted name");
      std::string name(text_.substr(pos_ + 1, end - pos_ - 1));
      if (name.empty()) return Error("empty back-quoted name");
      pos_ = end + 1;
      return name;
    }
    size_t start = pos_;
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) {
      ++pos_;
    }
    if (start == pos_ || std::isdigit(static_cast<unsigned char>(text_[start]))) {
      pos_ = start;
      return Error("expected a column name");
    }
    return std::string(text_.substr(start, pos_ - start));
  }

  Result<std::string> ParseName() {
    STRATA_ASSIGN_OR_RETURN(std::string name, ParseNamePart());
    while (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      STRATA_ASSIGN_OR_RETURN(std::string part, ParseNamePart());
      name += "." + part;
    }
    return name;
  }

  Result<Predicate::Op> ParseOp() {
    SkipSpace();
    std::string_view rest = text_.substr(pos_);
    static constexpr std::pair<std::string_view, Predicate::Op> kOps[] = {
        {"!=", Predicate::Op::kNe}, {"<>", Predicate::Op::kNe}, {"<=", Predicate::Op::kLe},
        {">=", Predicate::Op::kGe}, {"=", Predicate::Op::kEq},  {"<", Predicate::Op::kLt},
        {">", Predicate::Op::kGt}};
    for (const auto& [text, op] : kOps) {
      if (rest.substr(0, text.size()) == text) {
        pos_ += text.size();
        return op;
      }
    }
    return Error("expected a comparison operator");
  }

  Result<Literal> ParseLiteral() {
    SkipSpace();
    if (pos_ >= text_.size()) return Error("expected a literal");
    if (text_[pos_] == '\'') return ParseString();
    if (EatKeyword("TRUE")) return Literal(true);
    if (EatKeyword("FALSE")) return Literal(false);
    if (EatKeyword("NULL")) return Literal(std::monostate{});
    return ParseNumber();
  }

  Result<Literal> ParseString() {
    std::string out;
    ++pos_;
    while (pos_ < text_.size()) {
      char c = text_[pos_++];
      if (c != '\'') {
        out += c;
      } else if (pos_ < text_.size() && text_[pos_] == '\'') {
        out += '\'';
        ++pos_;
      } else {
        return Literal(std::move(out));
      }
    }
    return Error("unterminated string literal");
  }

  Result<Literal> ParseNumber() {
    size_t start = pos_;
    if (pos_ < text_.size() && (text_[pos_] == '-' || text_[pos_] == '+')) ++pos_;
    bool is_double = false;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (std::isdigit(static_cast<unsigned char>(c))) {
        ++pos_;
      } else if (c == '.' || c == 'e' || c == 'E' ||
                 ((c == '-' || c == '+') && (text_[pos_ - 1] == 'e' || text_[pos_ - 1] == 'E'))) {
        is_double = true;
        ++pos_;
      } else {
        break;
      }
    }
    std::string token(text_.substr(start, pos_ - start));
    if (token.empty() || token == "-" || token == "+") {
      pos_ = start;
      return Error("expected a literal");
    }
    const char* first = token.data() + (token[0] == '+' ? 1 : 0);
    const char* last = token.data() + token.size();
    if (!is_double) {
      int64_t v = 0;
      auto [ptr, ec] = std::from_chars(first, last, v);
      if (ec == std::errc() && ptr == last) return Literal(v);
    }
    double d = 0;
    auto [ptr, ec] = std::from_chars(first, last, d);
    if (ec != std::errc() || ptr != last) {
      pos_ = start;
      return Error("malformed number '" + token + "'");
    }
    return Literal(d);
  }

  std::string_view text_;
  size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

Result<Predicate> Predicate::Parse(std::string_view text) { return Parser(text).ParseAll(); }

}  // namespace strata::format
