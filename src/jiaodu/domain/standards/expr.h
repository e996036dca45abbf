// File: jiaodu/domain/standards/expr.h
//
// The small formula language of standard files. Indicators, checks and
// filters are written as expressions over catalog fields, so that a new
// indicator (or a province's different definition) is a data change:
//
//   auto e = Expr::Compile("100 * (teachers_postgrad + teachers_bachelor) / students",
//                          catalog, ExprScope::kSection);
//   double l1 = e->EvaluateNumber(section_context).value();
//
// Grammar (usual precedence, left-assoc):
//   or:   and ('||' and)*          and: not ('&&' not)*       not: '!' not | cmp
//   cmp:  sum (('<'|'<='|'>'|'>='|'=='|'!=') sum)? | sum 'in' '[' literal, ... ']'
//   sum:  prod (('+'|'-') prod)*   prod: unary (('*'|'/') unary)*   unary: '-' unary | atom
//   atom: number | 'string' | "string" | true | false | name | name '(' args ')' | '(' or ')'
// Names: catalog field ids, and the attributes `type` (学校类型 name),
// `locale` (城区/镇区/乡村), `ownership` (公办/民办), `boarding` (bool),
// `stage` (小学/初中/高中/学前), `inclusive` (bool: 普惠 = 公办 or 普惠性民办), `category`
// (公办园/普惠性民办园/非普惠民办园). Functions: ceil, floor, abs, round(x, n) (四舍五入),
// min(a, b, ...), max(a, b, ...), if(cond, a, b). Aggregates, in county
// scope only: sum(e), count(cond), all(cond), any(cond), min_of(e), max_of(e)
// iterate the members (schools or sections) chosen by the caller.
//
// Names are bound at compile time: an unknown field, or a section field used
// in county scope outside an aggregate, is a compile error that the standard
// loader reports with the file and entry. Evaluation never throws; a missing
// value or a division by zero is an Error naming the field.
#ifndef JIAODU_DOMAIN_STANDARDS_EXPR_H_
#define JIAODU_DOMAIN_STANDARDS_EXPR_H_

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/schools/catalog.h"

namespace jiaodu {

enum class ExprScope {
  kSection,  // one school section: section fields, school fields (its share), county fields
  kSchool,   // one school: school fields, section fields summed over its in-scope sections
  kCounty,   // county fields; section/school fields only inside aggregates
};

enum class Attribute { kType, kLocale, kOwnership, kBoarding, kStage, kInclusive, kCategory };

struct ExprValue {
  enum class Type { kNumber, kString, kBool };
  Type type = Type::kNumber;
  double number = 0;
  std::string_view text;  // kString: points at a literal in the Expr or a static name
  bool boolean = false;

  static ExprValue Number(double v) { return {Type::kNumber, v, {}, false}; }
  static ExprValue String(std::string_view s) { return {Type::kString, 0, s, false}; }
  static ExprValue Bool(bool b) { return {Type::kBool, 0, {}, b}; }
};

// What an expression reads. Implemented by the engine for each scope.
class ExprContext {
 public:
  virtual ~ExprContext() = default;
  // A field's value in this context, or nullopt when it was not reported.
  virtual std::optional<double> Field(size_t field_index) const = 0;
  virtual ExprValue Attr(Attribute a) const = 0;
  // Calls `fn` with the context of each member of an aggregate (county scope).
  // Stops at and returns the first error from `fn`.
  virtual Status ForEachMember(const std::function<Status(const ExprContext&)>& fn) const = 0;
  // The value of the i-th variable the expression was compiled with (see
  // Expr::Compile), or nullopt when this context binds none.
  virtual std::optional<double> Variable(size_t /*i*/) const { return std::nullopt; }
};

// A context that binds variables on top of another context (used to solve
// "how many places must be added" for the x of a remedy formula).
class BoundContext final : public ExprContext {
 public:
  BoundContext(const ExprContext& inner, std::span<const double> values)
      : inner_(inner), values_(values) {}
  std::optional<double> Field(size_t i) const override { return inner_.Field(i); }
  ExprValue Attr(Attribute a) const override { return inner_.Attr(a); }
  Status ForEachMember(const std::function<Status(const ExprContext&)>& fn) const override {
    return inner_.ForEachMember(fn);
  }
  std::optional<double> Variable(size_t i) const override {
    if (i >= values_.size()) return std::nullopt;
    return values_[i];
  }

 private:
  const ExprContext& inner_;
  std::span<const double> values_;
};

class Expr {
 public:
  // Parses and binds `text`. Errors have id "expr.syntax" or "expr.unknown_name"
  // or "expr.scope" and quote the offending part.
  // `variables` are extra names (e.g. "x") bound at evaluation time by a
  // BoundContext; they may appear outside aggregates only, since they belong
  // to the evaluation and not to a member.
  static Result<Expr> Compile(std::string_view text, const FieldCatalog& catalog, ExprScope scope,
                              std::span<const std::string> variables = {});

  // An empty expression (evaluating it is an error); exists so structs that
  // hold an Expr can be filled field by field.
  Expr();
  Expr(Expr&&) noexcept;
  Expr& operator=(Expr&&) noexcept;
  Expr(const Expr& other);
  Expr& operator=(const Expr& other);
  ~Expr();

  Result<ExprValue> Evaluate(const ExprContext& ctx) const;
  Result<double> EvaluateNumber(const ExprContext& ctx) const;  // type error unless a number
  Result<bool> EvaluateBool(const ExprContext& ctx) const;

  const std::string& text() const;
  // Field indices read by the expression (for documentation and remedies).
  const std::vector<size_t>& fields() const;

  struct Impl;  // opaque; public only so the parser in expr.cc can fill it

 private:
  explicit Expr(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace jiaodu

#endif  // JIAODU_DOMAIN_STANDARDS_EXPR_H_
