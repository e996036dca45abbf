#include "jiaodu/domain/standards/expr.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>

#include "jiaodu/core/number.h"
#include "jiaodu/core/text.h"
#include "jiaodu/domain/schools/kinds.h"

namespace jiaodu {
namespace {

enum class Op {
  kNum,
  kStr,
  kBool,
  kField,
  kAttr,
  kNeg,
  kNot,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kLt,
  kLe,
  kGt,
  kGe,
  kEq,
  kNe,
  kAnd,
  kOr,
  kIn,
  kCall,
  kAgg,
  kVar,
};

enum class Fn { kCeil, kFloor, kAbs, kRound, kMin, kMax, kIf };
enum class Agg { kSum, kCount, kAll, kAny, kMinOf, kMaxOf };

struct Node {
  Op op = Op::kNum;
  double num = 0;
  std::string str;
  size_t field = 0;
  Attribute attr = Attribute::kType;
  Fn fn = Fn::kCeil;
  Agg agg = Agg::kSum;
  std::vector<int> kids;
};

Error SyntaxError(std::string_view text, size_t pos, std::string_view what_zh,
                  std::string_view what_en) {
  return Error{ErrorCode::kInvalidInput,
               "expr.syntax",
               Text(fmt::format("公式“{}”第 {} 个字符处{}", text, pos + 1, what_zh),
                    fmt::format("formula \"{}\" at character {}: {}", text, pos + 1, what_en)),
               {},
               {}};
}

}  // namespace

struct Expr::Impl {
  std::string text;
  std::vector<Node> nodes;
  int root = -1;
  std::vector<size_t> fields;
  const FieldCatalog* catalog = nullptr;  // for names in evaluation errors

  Result<ExprValue> Eval(int n, const ExprContext& ctx) const;
  Result<double> Num(int n, const ExprContext& ctx) const;
  Result<bool> Bool(int n, const ExprContext& ctx) const;
};

namespace {

// Recursive-descent parser producing Impl::nodes.
class Parser {
 public:
  Parser(std::string_view text, const FieldCatalog& catalog, ExprScope scope,
         std::span<const std::string> variables, Expr::Impl& out)
      : text_(text), catalog_(catalog), scope_(scope), variables_(variables), out_(out) {}

  Status Run() {
    auto root = ParseOr();
    if (!root) return Fail(root.error());
    SkipSpace();
    if (pos_ != text_.size())
      return Fail(SyntaxError(text_, pos_, "有多余内容", "unexpected trailing text"));
    out_.root = *root;
    return Ok();
  }

 private:
  int Add(Node n) {
    out_.nodes.push_back(std::move(n));
    return static_cast<int>(out_.nodes.size() - 1);
  }
  int Binary(Op op, int a, int b) {
    Node n;
    n.op = op;
    n.kids = {a, b};
    return Add(std::move(n));
  }
  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool Eat(std::string_view tok) {
    SkipSpace();
    if (text_.substr(pos_).starts_with(tok)) {
      pos_ += tok.size();
      return true;
    }
    return false;
  }
  bool PeekIs(std::string_view tok) {
    SkipSpace();
    return text_.substr(pos_).starts_with(tok);
  }

  Result<int> ParseOr() {
    int left = JIAODU_TRY(ParseAnd());
    while (Eat("||")) left = Binary(Op::kOr, left, JIAODU_TRY(ParseAnd()));
    return left;
  }
  Result<int> ParseAnd() {
    int left = JIAODU_TRY(ParseNot());
    while (Eat("&&")) left = Binary(Op::kAnd, left, JIAODU_TRY(ParseNot()));
    return left;
  }
  Result<int> ParseNot() {
    SkipSpace();
    if (PeekIs("!") && !PeekIs("!=")) {
      ++pos_;
      Node n;
      n.op = Op::kNot;
      n.kids = {JIAODU_TRY(ParseNot())};
      return Add(std::move(n));
    }
    return ParseCmp();
  }
  Result<int> ParseCmp() {
    int left = JIAODU_TRY(ParseSum());
    struct {
      std::string_view tok;
      Op op;
    } const ops[] = {{"<=", Op::kLe}, {">=", Op::kGe}, {"==", Op::kEq},
                     {"!=", Op::kNe}, {"<", Op::kLt},  {">", Op::kGt}};
    for (const auto& o : ops) {
      if (Eat(o.tok)) {
        int right = JIAODU_TRY(ParseSum());
        JIAODU_TRY_STATUS(CanonicalizeLiteral(left, right));
        JIAODU_TRY_STATUS(CanonicalizeLiteral(right, left));
        return Binary(o.op, left, right);
      }
    }
    SkipSpace();
    if (text_.substr(pos_).starts_with("in") && pos_ + 2 < text_.size() &&
        !IsNameChar(text_[pos_ + 2])) {
      pos_ += 2;
      if (!Eat("[")) return Fail(SyntaxError(text_, pos_, "应为“[”", "expected '['"));
      Node n;
      n.op = Op::kIn;
      n.kids.push_back(left);
      if (!Eat("]")) {
        do {
          int item = JIAODU_TRY(ParseAtom());
          Op iop = out_.nodes[static_cast<size_t>(item)].op;
          if (iop != Op::kStr && iop != Op::kNum && iop != Op::kBool) {
            return Fail(SyntaxError(text_, pos_, "in 列表只能包含常量",
                                    "'in' lists may only hold literals"));
          }
          JIAODU_TRY_STATUS(CanonicalizeLiteral(item, left));
          n.kids.push_back(item);
        } while (Eat(","));
        if (!Eat("]")) return Fail(SyntaxError(text_, pos_, "应为“]”", "expected ']'"));
      }
      return Add(std::move(n));
    }
    return left;
  }
  Result<int> ParseSum() {
    int left = JIAODU_TRY(ParseProd());
    for (;;) {
      if (Eat("+")) {
        left = Binary(Op::kAdd, left, JIAODU_TRY(ParseProd()));
      } else if (PeekIs("-")) {
        ++pos_;
        left = Binary(Op::kSub, left, JIAODU_TRY(ParseProd()));
      } else {
        return left;
      }
    }
  }
  Result<int> ParseProd() {
    int left = JIAODU_TRY(ParseUnary());
    for (;;) {
      if (Eat("*")) {
        left = Binary(Op::kMul, left, JIAODU_TRY(ParseUnary()));
      } else if (Eat("/")) {
        left = Binary(Op::kDiv, left, JIAODU_TRY(ParseUnary()));
      } else {
        return left;
      }
    }
  }
  Result<int> ParseUnary() {
    if (Eat("-")) {
      Node n;
      n.op = Op::kNeg;
      n.kids = {JIAODU_TRY(ParseUnary())};
      return Add(std::move(n));
    }
    return ParseAtom();
  }

  static bool IsNameChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
  }

  Result<int> ParseAtom() {
    SkipSpace();
    if (pos_ >= text_.size()) return Fail(SyntaxError(text_, pos_, "公式不完整", "unexpected end"));
    char c = text_[pos_];
    if (c == '(') {
      ++pos_;
      int inner = JIAODU_TRY(ParseOr());
      if (!Eat(")")) return Fail(SyntaxError(text_, pos_, "缺少“)”", "missing ')'"));
      return inner;
    }
    if (c == '\'' || c == '"') {
      size_t end = text_.find(c, pos_ + 1);
      if (end == std::string_view::npos)
        return Fail(SyntaxError(text_, pos_, "字符串缺少结束引号", "unterminated string"));
      Node n;
      n.op = Op::kStr;
      n.str = std::string(text_.substr(pos_ + 1, end - pos_ - 1));
      pos_ = end + 1;
      return Add(std::move(n));
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      size_t start = pos_;
      while (pos_ < text_.size() &&
             (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.' ||
              text_[pos_] == 'e' || text_[pos_] == 'E' ||
              ((text_[pos_] == '-' || text_[pos_] == '+') &&
               (text_[pos_ - 1] == 'e' || text_[pos_ - 1] == 'E')))) {
        ++pos_;
      }
      double v = 0;
      auto [p, ec] = std::from_chars(text_.data() + start, text_.data() + pos_, v);
      if (ec != std::errc() || p != text_.data() + pos_) {
        return Fail(SyntaxError(text_, start, "数字格式错误", "malformed number"));
      }
      Node n;
      n.op = Op::kNum;
      n.num = v;
      return Add(std::move(n));
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t start = pos_;
      while (pos_ < text_.size() && IsNameChar(text_[pos_])) ++pos_;
      std::string name(text_.substr(start, pos_ - start));
      if (Eat("(")) return ParseCall(name, start);
      return BindName(name, start);
    }
    return Fail(SyntaxError(text_, pos_, fmt::format("无法识别“{}”", c),
                            fmt::format("unexpected '{}'", c)));
  }

  Result<int> ParseCall(const std::string& name, size_t at) {
    struct FnDef {
      std::string_view name;
      Fn fn;
      int min_args, max_args;
    } const fns[] = {{"ceil", Fn::kCeil, 1, 1}, {"floor", Fn::kFloor, 1, 1},
                     {"abs", Fn::kAbs, 1, 1},   {"round", Fn::kRound, 2, 2},
                     {"min", Fn::kMin, 2, 32},  {"max", Fn::kMax, 2, 32},
                     {"if", Fn::kIf, 3, 3}};
    struct AggDef {
      std::string_view name;
      Agg agg;
    } const aggs[] = {{"sum", Agg::kSum}, {"count", Agg::kCount},  {"all", Agg::kAll},
                      {"any", Agg::kAny}, {"min_of", Agg::kMinOf}, {"max_of", Agg::kMaxOf}};
    for (const auto& a : aggs) {
      if (name != a.name) continue;
      if (scope_ != ExprScope::kCounty || agg_depth_ > 0) {
        return Fail(Error{
            ErrorCode::kInvalidInput,
            "expr.scope",
            Text(fmt::format("公式“{}”：汇总函数 {} 只能用于县级指标且不能嵌套", text_, name),
                 fmt::format(
                     "formula \"{}\": aggregate {} is only allowed at county level, not nested",
                     text_, name)),
            {},
            {}});
      }
      ++agg_depth_;
      int inner = JIAODU_TRY(ParseOr());
      --agg_depth_;
      if (!Eat(")")) return Fail(SyntaxError(text_, pos_, "缺少“)”", "missing ')'"));
      Node n;
      n.op = Op::kAgg;
      n.agg = a.agg;
      n.kids = {inner};
      return Add(std::move(n));
    }
    for (const auto& f : fns) {
      if (name != f.name) continue;
      Node n;
      n.op = Op::kCall;
      n.fn = f.fn;
      if (!Eat(")")) {
        do {
          n.kids.push_back(JIAODU_TRY(ParseOr()));
        } while (Eat(","));
        if (!Eat(")")) return Fail(SyntaxError(text_, pos_, "缺少“)”", "missing ')'"));
      }
      int count = static_cast<int>(n.kids.size());
      if (count < f.min_args || count > f.max_args) {
        return Fail(SyntaxError(text_, at, fmt::format("函数 {} 的参数个数不对", name),
                                fmt::format("wrong number of arguments to {}", name)));
      }
      return Add(std::move(n));
    }
    return Fail(Error{ErrorCode::kInvalidInput,
                      "expr.unknown_name",
                      Text(fmt::format("公式“{}”中的函数“{}”不存在", text_, name),
                           fmt::format("formula \"{}\": unknown function \"{}\"", text_, name)),
                      {},
                      {}});
  }

  Result<int> BindName(const std::string& name, size_t at) {
    (void)at;
    if (name == "true" || name == "false") {
      Node n;
      n.op = Op::kBool;
      n.num = name == "true" ? 1 : 0;
      return Add(std::move(n));
    }
    struct {
      std::string_view name;
      Attribute attr;
    } const attrs[] = {{"type", Attribute::kType},           {"locale", Attribute::kLocale},
                       {"ownership", Attribute::kOwnership}, {"boarding", Attribute::kBoarding},
                       {"stage", Attribute::kStage},         {"inclusive", Attribute::kInclusive},
                       {"category", Attribute::kCategory}};
    for (const auto& a : attrs) {
      if (name != a.name) continue;
      if (scope_ == ExprScope::kCounty && agg_depth_ == 0) return Fail(ScopeError(name));
      Node n;
      n.op = Op::kAttr;
      n.attr = a.attr;
      return Add(std::move(n));
    }
    for (size_t v = 0; v < variables_.size(); ++v) {
      if (name != variables_[v]) continue;
      if (agg_depth_ > 0) {
        return Fail(Error{
            ErrorCode::kInvalidInput,
            "expr.scope",
            Text(fmt::format("公式“{}”：变量“{}”不能用在 sum()/count() 等汇总函数内", text_, name),
                 fmt::format("formula \"{}\": variable \"{}\" cannot be used inside an aggregate",
                             text_, name)),
            {},
            {}});
      }
      Node n;
      n.op = Op::kVar;
      n.field = v;
      return Add(std::move(n));
    }
    std::string_view id = name;
    if (id.starts_with("county.")) id.remove_prefix(7);
    auto idx = catalog_.IndexOf(id);
    if (!idx) {
      return Fail(Error{
          ErrorCode::kInvalidInput,
          "expr.unknown_name",
          Text(fmt::format("公式“{}”中的字段“{}”不在字段目录 {} 中", text_, name, catalog_.id()),
               fmt::format("formula \"{}\": field \"{}\" is not in catalog {}", text_, name,
                           catalog_.id())),
          {},
          {}});
    }
    const FieldDef& f = catalog_.at(*idx);
    if (scope_ == ExprScope::kCounty && agg_depth_ == 0 && f.level != FieldLevel::kCounty) {
      return Fail(ScopeError(name));
    }
    Node n;
    n.op = Op::kField;
    n.field = *idx;
    bool seen = false;
    for (size_t s : out_.fields) seen = seen || s == *idx;
    if (!seen) out_.fields.push_back(*idx);
    return Add(std::move(n));
  }

  Error ScopeError(std::string_view name) {
    return Error{
        ErrorCode::kInvalidInput,
        "expr.scope",
        Text(fmt::format("公式“{}”：县级公式中的“{}”须放在 sum()/count()/all() 等汇总函数内", text_,
                         name),
             fmt::format(
                 "formula \"{}\": in a county formula \"{}\" must be inside an aggregate such as "
                 "sum()/count()/all()",
                 text_, name)),
        {},
        {}};
  }

  // When a string literal is compared with an attribute, check the literal
  // names a real value and store its official spelling, so that a standard
  // file may write '九年一贯制' and still match '九年一贯制学校'.
  Status CanonicalizeLiteral(int lit, int other) {
    Node& l = out_.nodes[static_cast<size_t>(lit)];
    const Node& o = out_.nodes[static_cast<size_t>(other)];
    if (l.op != Op::kStr || o.op != Op::kAttr) return Ok();
    switch (o.attr) {
      case Attribute::kType:
        l.str = std::string(SchoolTypeName(JIAODU_TRY(ParseSchoolType(l.str))));
        break;
      case Attribute::kLocale:
        l.str = std::string(LocaleName(JIAODU_TRY(ParseLocale(l.str))));
        break;
      case Attribute::kOwnership:
        l.str = std::string(OwnershipName(JIAODU_TRY(ParseOwnership(l.str))));
        break;
      case Attribute::kStage:
        l.str = std::string(StageName(JIAODU_TRY(ParseStage(l.str))));
        break;
      case Attribute::kCategory:
        if (l.str != "公办园" && l.str != "普惠性民办园" && l.str != "非普惠民办园") {
          return Fail(
              ErrorCode::kInvalidInput, "kind.category",
              Text(fmt::format("幼儿园类别“{}”无法识别，应为：公办园、普惠性民办园、非普惠民办园",
                               l.str),
                   fmt::format("unknown kindergarten category \"{}\"", l.str)));
        }
        break;
      case Attribute::kBoarding:
      case Attribute::kInclusive:
        break;
    }
    return Ok();
  }

  std::string_view text_;
  const FieldCatalog& catalog_;
  ExprScope scope_;
  std::span<const std::string> variables_;
  Expr::Impl& out_;
  size_t pos_ = 0;
  int agg_depth_ = 0;
};

Error TypeError(const std::string& text, std::string_view want_zh, std::string_view want_en) {
  return Error{ErrorCode::kInvalidInput,
               "expr.type",
               Text(fmt::format("公式“{}”：此处应为{}", text, want_zh),
                    fmt::format("formula \"{}\": expected {} here", text, want_en)),
               {},
               {}};
}

bool Equal(const ExprValue& a, const ExprValue& b) {
  if (a.type != b.type) return false;
  switch (a.type) {
    case ExprValue::Type::kNumber:
      return ApproxEqual(a.number, b.number);
    case ExprValue::Type::kString:
      return a.text == b.text;
    case ExprValue::Type::kBool:
      return a.boolean == b.boolean;
  }
  return false;
}

}  // namespace

Result<double> Expr::Impl::Num(int n, const ExprContext& ctx) const {
  ExprValue v = JIAODU_TRY(Eval(n, ctx));
  if (v.type != ExprValue::Type::kNumber) return Fail(TypeError(text, "数值", "a number"));
  return v.number;
}

Result<bool> Expr::Impl::Bool(int n, const ExprContext& ctx) const {
  ExprValue v = JIAODU_TRY(Eval(n, ctx));
  if (v.type != ExprValue::Type::kBool)
    return Fail(TypeError(text, "条件（真/假）", "a condition"));
  return v.boolean;
}

Result<ExprValue> Expr::Impl::Eval(int idx, const ExprContext& ctx) const {
  const Node& n = nodes[static_cast<size_t>(idx)];
  auto kid = [&](size_t i) { return n.kids[i]; };
  switch (n.op) {
    case Op::kNum:
      return ExprValue::Number(n.num);
    case Op::kStr:
      return ExprValue::String(n.str);
    case Op::kBool:
      return ExprValue::Bool(n.num != 0);
    case Op::kField: {
      auto v = ctx.Field(n.field);
      if (!v) {
        const FieldDef& f = catalog->at(n.field);
        return Fail(Error{ErrorCode::kInvalidInput,
                          "expr.missing",
                          Text(fmt::format("缺少“{}”数据", f.name.zh),
                               fmt::format("\"{}\" not reported", f.name.en)),
                          {},
                          {}});
      }
      return ExprValue::Number(*v);
    }
    case Op::kAttr:
      return ctx.Attr(n.attr);
    case Op::kVar: {
      auto v = ctx.Variable(n.field);
      if (!v) {
        return Fail(Error{ErrorCode::kInternal,
                          "expr.unbound",
                          Text(fmt::format("公式“{}”中的变量未赋值", text),
                               fmt::format("formula \"{}\": unbound variable", text)),
                          {},
                          {}});
      }
      return ExprValue::Number(*v);
    }
    case Op::kNeg:
      return ExprValue::Number(-JIAODU_TRY(Num(kid(0), ctx)));
    case Op::kNot:
      return ExprValue::Bool(!JIAODU_TRY(Bool(kid(0), ctx)));
    case Op::kAdd:
      return ExprValue::Number(JIAODU_TRY(Num(kid(0), ctx)) + JIAODU_TRY(Num(kid(1), ctx)));
    case Op::kSub:
      return ExprValue::Number(JIAODU_TRY(Num(kid(0), ctx)) - JIAODU_TRY(Num(kid(1), ctx)));
    case Op::kMul:
      return ExprValue::Number(JIAODU_TRY(Num(kid(0), ctx)) * JIAODU_TRY(Num(kid(1), ctx)));
    case Op::kDiv: {
      double a = JIAODU_TRY(Num(kid(0), ctx));
      double b = JIAODU_TRY(Num(kid(1), ctx));
      if (b == 0.0) {
        return Fail(Error{ErrorCode::kInvalidInput,
                          "expr.div_zero",
                          Text(fmt::format("计算“{}”时分母为 0", text),
                               fmt::format("division by zero in \"{}\"", text)),
                          {},
                          {}});
      }
      return ExprValue::Number(a / b);
    }
    case Op::kLt:
      return ExprValue::Bool(Less(JIAODU_TRY(Num(kid(0), ctx)), JIAODU_TRY(Num(kid(1), ctx))));
    case Op::kLe:
      return ExprValue::Bool(
          LessOrEqual(JIAODU_TRY(Num(kid(0), ctx)), JIAODU_TRY(Num(kid(1), ctx))));
    case Op::kGt:
      return ExprValue::Bool(Greater(JIAODU_TRY(Num(kid(0), ctx)), JIAODU_TRY(Num(kid(1), ctx))));
    case Op::kGe:
      return ExprValue::Bool(
          GreaterOrEqual(JIAODU_TRY(Num(kid(0), ctx)), JIAODU_TRY(Num(kid(1), ctx))));
    case Op::kEq:
    case Op::kNe: {
      ExprValue a = JIAODU_TRY(Eval(kid(0), ctx));
      ExprValue b = JIAODU_TRY(Eval(kid(1), ctx));
      bool eq = Equal(a, b);
      return ExprValue::Bool(n.op == Op::kEq ? eq : !eq);
    }
    case Op::kAnd: {
      if (!JIAODU_TRY(Bool(kid(0), ctx))) return ExprValue::Bool(false);
      return ExprValue::Bool(JIAODU_TRY(Bool(kid(1), ctx)));
    }
    case Op::kOr: {
      if (JIAODU_TRY(Bool(kid(0), ctx))) return ExprValue::Bool(true);
      return ExprValue::Bool(JIAODU_TRY(Bool(kid(1), ctx)));
    }
    case Op::kIn: {
      ExprValue v = JIAODU_TRY(Eval(kid(0), ctx));
      for (size_t i = 1; i < n.kids.size(); ++i) {
        if (Equal(v, JIAODU_TRY(Eval(kid(i), ctx)))) return ExprValue::Bool(true);
      }
      return ExprValue::Bool(false);
    }
    case Op::kCall: {
      switch (n.fn) {
        case Fn::kCeil:
          return ExprValue::Number(std::ceil(JIAODU_TRY(Num(kid(0), ctx)) - 1e-9));
        case Fn::kFloor:
          return ExprValue::Number(std::floor(JIAODU_TRY(Num(kid(0), ctx)) + 1e-9));
        case Fn::kAbs:
          return ExprValue::Number(std::fabs(JIAODU_TRY(Num(kid(0), ctx))));
        case Fn::kRound: {
          double v = JIAODU_TRY(Num(kid(0), ctx));
          double d = JIAODU_TRY(Num(kid(1), ctx));
          return ExprValue::Number(RoundHalfUp(v, static_cast<int>(d)));
        }
        case Fn::kMin:
        case Fn::kMax: {
          double best = JIAODU_TRY(Num(kid(0), ctx));
          for (size_t i = 1; i < n.kids.size(); ++i) {
            double v = JIAODU_TRY(Num(kid(i), ctx));
            best = n.fn == Fn::kMin ? std::min(best, v) : std::max(best, v);
          }
          return ExprValue::Number(best);
        }
        case Fn::kIf: {
          if (JIAODU_TRY(Bool(kid(0), ctx))) return Eval(kid(1), ctx);
          return Eval(kid(2), ctx);
        }
      }
      return Fail(TypeError(text, "函数", "a function"));
    }
    case Op::kAgg: {
      double acc = 0;
      bool any_member = false;
      bool flag = n.agg == Agg::kAll;
      Status st = ctx.ForEachMember([&](const ExprContext& m) -> Status {
        switch (n.agg) {
          case Agg::kSum:
            acc += JIAODU_TRY(Num(kid(0), m));
            break;
          case Agg::kCount:
            acc += JIAODU_TRY(Bool(kid(0), m)) ? 1 : 0;
            break;
          case Agg::kAll:
            flag = flag && JIAODU_TRY(Bool(kid(0), m));
            break;
          case Agg::kAny:
            flag = flag || JIAODU_TRY(Bool(kid(0), m));
            break;
          case Agg::kMinOf:
          case Agg::kMaxOf: {
            double v = JIAODU_TRY(Num(kid(0), m));
            if (!any_member) {
              acc = v;
            } else {
              acc = n.agg == Agg::kMinOf ? std::min(acc, v) : std::max(acc, v);
            }
            break;
          }
        }
        any_member = true;
        return Ok();
      });
      if (!st) return Fail(st.error());
      if (n.agg == Agg::kAll || n.agg == Agg::kAny) return ExprValue::Bool(flag);
      if ((n.agg == Agg::kMinOf || n.agg == Agg::kMaxOf) && !any_member) {
        return Fail(Error{ErrorCode::kInvalidInput,
                          "expr.empty_set",
                          Text(fmt::format("计算“{}”时没有符合条件的学校", text),
                               fmt::format("no schools to compute \"{}\"", text)),
                          {},
                          {}});
      }
      return ExprValue::Number(acc);
    }
  }
  return Fail(TypeError(text, "表达式", "an expression"));
}

Result<Expr> Expr::Compile(std::string_view text, const FieldCatalog& catalog, ExprScope scope,
                           std::span<const std::string> variables) {
  auto impl = std::make_unique<Impl>();
  impl->text = std::string(text);
  impl->catalog = &catalog;
  Parser parser(impl->text, catalog, scope, variables, *impl);
  JIAODU_TRY_STATUS(parser.Run());
  return Expr(std::move(impl));
}

Expr::Expr() = default;
Expr::Expr(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Expr::Expr(Expr&&) noexcept = default;
Expr& Expr::operator=(Expr&&) noexcept = default;
Expr::Expr(const Expr& other)
    : impl_(other.impl_ ? std::make_unique<Impl>(*other.impl_) : nullptr) {}
Expr& Expr::operator=(const Expr& other) {
  if (this != &other) impl_ = other.impl_ ? std::make_unique<Impl>(*other.impl_) : nullptr;
  return *this;
}
Expr::~Expr() = default;

namespace {
Error EmptyExpr() {
  return Error{ErrorCode::kInternal, "expr.empty", Text("公式为空", "empty formula"), {}, {}};
}
const std::string kEmptyText;
const std::vector<size_t> kNoFields;
}  // namespace

Result<ExprValue> Expr::Evaluate(const ExprContext& ctx) const {
  if (!impl_) return Fail(EmptyExpr());
  return impl_->Eval(impl_->root, ctx);
}
Result<double> Expr::EvaluateNumber(const ExprContext& ctx) const {
  if (!impl_) return Fail(EmptyExpr());
  return impl_->Num(impl_->root, ctx);
}
Result<bool> Expr::EvaluateBool(const ExprContext& ctx) const {
  if (!impl_) return Fail(EmptyExpr());
  return impl_->Bool(impl_->root, ctx);
}
const std::string& Expr::text() const { return impl_ ? impl_->text : kEmptyText; }
const std::vector<size_t>& Expr::fields() const { return impl_ ? impl_->fields : kNoFields; }

}  // namespace jiaodu
