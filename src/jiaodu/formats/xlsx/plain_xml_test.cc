// The plain scanner (plain_xml.h) held to expat: whatever it accepts, expat
// accepts too, with the same events.
#include "jiaodu/formats/xlsx/plain_xml.h"

#include <expat.h>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "jiaodu/formats/xlsx/xlsx_test_util.h"

namespace jiaodu::xlsx::internal {
namespace {

// Writes events down as text ("S name a=v", "E name", "T text" with adjacent
// character data joined); fails (sets error) at the start tag numbered
// `fail_at`.
class Recorder : public XmlHandler {
 public:
  explicit Recorder(int fail_at = -1) : fail_at_(fail_at) {}

  void Start(std::string_view name, const XML_Char** attrs) override {
    Flush();
    events += fmt::format("S {}", name);
    for (size_t i = 0; attrs[i] != nullptr; i += 2) {
      events += fmt::format(" [{}]=[{}]", attrs[i], attrs[i + 1]);
    }
    events += '\n';
    if (starts_++ == fail_at_) error = Error{};
  }
  void End(std::string_view name) override {
    Flush();
    events += fmt::format("E {}\n", name);
  }
  void Chars(std::string_view text) override { text_ += text; }
  void Flush() {
    if (!text_.empty()) events += fmt::format("T [{}]\n", text_);
    text_.clear();
  }

  std::string events;

 private:
  int fail_at_;
  int starts_ = 0;
  std::string text_;
};

struct ExpatRun {
  Recorder* recorder = nullptr;
  XML_Parser parser = nullptr;
  int depth = 0;  // the wrapper's own events are not recorded
};

// As xlsx_internal.cc's callbacks: nothing reaches the handler once it
// failed (expat still reports the end of an empty element whose start
// handler stopped it).
void XMLCALL ExpatStart(void* user, const XML_Char* name, const XML_Char** attrs) {
  auto* run = static_cast<ExpatRun*>(user);
  if (run->depth++ == 0 || run->recorder->error) return;
  run->recorder->Start(LocalName(name), attrs);
  if (run->recorder->error) XML_StopParser(run->parser, XML_FALSE);
}
void XMLCALL ExpatEnd(void* user, const XML_Char* name) {
  auto* run = static_cast<ExpatRun*>(user);
  if (--run->depth == 0 || run->recorder->error) return;
  run->recorder->End(LocalName(name));
}
void XMLCALL ExpatChars(void* user, const XML_Char* s, int len) {
  auto* run = static_cast<ExpatRun*>(user);
  if (run->recorder->error) return;
  run->recorder->Chars(std::string_view(s, static_cast<size_t>(len)));
}

// `content` as the parallel reader's workers give it to expat: true when it
// parsed whole.
bool ParseWithExpat(std::string_view content, Recorder& recorder) {
  XML_Parser parser = XML_ParserCreate("UTF-8");
  ExpatRun run{&recorder, parser, 0};
  XML_SetUserData(parser, &run);
  XML_SetElementHandler(parser, ExpatStart, ExpatEnd);
  XML_SetCharacterDataHandler(parser, ExpatChars);
  const bool ok = XML_Parse(parser, "<w>", 3, XML_FALSE) == XML_STATUS_OK &&
                  XML_Parse(parser, content.data(), static_cast<int>(content.size()), XML_FALSE) ==
                      XML_STATUS_OK &&
                  XML_Parse(parser, "</w>", 4, XML_TRUE) == XML_STATUS_OK;
  XML_ParserFree(parser);
  recorder.Flush();
  return ok;
}

// What the scanner said, checked against expat.
PlainScan ExpectAsExpat(std::string_view content, int fail_at = -1) {
  Recorder scanned(fail_at);
  PlainScratch scratch;
  const PlainScan result = ScanPlainContent(content, scanned, scratch);
  scanned.Flush();
  if (result == PlainScan::kNotPlain) return result;
  Recorder parsed(fail_at);
  const bool ok = ParseWithExpat(content, parsed);
  EXPECT_EQ(ok, result == PlainScan::kDone) << content;
  EXPECT_EQ(parsed.error.has_value(), result == PlainScan::kStopped) << content;
  EXPECT_EQ(scanned.events, parsed.events) << content;
  return result;
}

TEST(PlainXml, SpreadsheetRowsAreScannedAsExpatParsesThem) {
  for (const std::string_view rows : {
           R"(<row r="1" spans="1:27"><c r="A1" s="1" t="inlineStr"><is><t>学校标识码</t></is></c>)"
           R"(<c r="B1"><v>11</v></c><c r="C1" s="2" t="s"><v>0</v></c></row>)",
           R"(<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>A &amp; B &lt;1&gt;</x:t>)"
           R"(</x:is></x:c><x:c r="B2" t='b'><x:v>1</x:v></x:c></x:row>)"
           "\n",
           R"(<row r="3" x14ac:dyDescent="0.25" ht = '15' ><c r="A3"/><c r="B3" s="4"/></row>)",
           "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t xml:space=\"preserve\"> a\tb\nc "
           "\xF0\x9F\x98\x80 \xC3\xA9 ]] > \"q\" 'a'</t></is></c></row>",
           "",
           " \n ",
       }) {
    EXPECT_EQ(ExpectAsExpat(rows), PlainScan::kDone);
    // Each has two start tags or none.
    EXPECT_EQ(ExpectAsExpat(rows, 1),
              rows.find('<') == std::string_view::npos ? PlainScan::kDone : PlainScan::kStopped);
  }
}

TEST(PlainXml, AnythingOutsideTheSubsetIsNotPlain) {
  for (const std::string_view xml : {
           "<!-- x -->",
           "<?pi x?>",
           "<v><![CDATA[1]]></v>",
           "<v>&#65;</v>",
           "<v>&nbsp;</v>",
           "<v>a\rb</v>",
           "<c r=\"A\r1\"/>",
           "<c r=\"a&amp;b\"/>",
           "<c r=\"\xE4\xB8\xAD\"/>",
           "<c r=\"1\" r=\"2\"/>",
           "<c r=\"1\"s=\"2\"/>",
           "<v>]]></v>",
           "<v>\x01</v>",
           "<v>\xC0\x80</v>",
           "<v>\xED\xA0\x80</v>",
           "<v>\xEF\xBF\xBE</v>",
           "<v>\xF4\x90\x80\x80</v>",
           "<v>\xE4\xB8</v>",
           "<v>1",
           "<v>1</c>",
           "</v>",
           "<1a/>",
           "< a/>",
           "<a",
           "text<",
           "<a b=c/>",
           "<a b=\"c/>",
       }) {
    EXPECT_EQ(ExpectAsExpat(xml), PlainScan::kNotPlain) << xml;
  }
}

// Random content, mostly well-formed, from pieces that sit on every edge of
// the subset: whatever the scanner accepts must be exactly what expat makes
// of it.
TEST(PlainXml, RandomContentIsScannedAsExpatParsesIt) {
  std::mt19937 rng(7);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  const std::vector<std::string> names = {"row",   "c",       "v",    "is", "t",
                                          "x:c",   "a.b-c_1", "r:id", "_x", "Row",
                                          "a:b:c", "a:1",     "1a",   "-a", ":a"};
  const std::vector<std::string> texts = {"12.5",
                                          " ",
                                          "\t",
                                          "\n",
                                          "\r",
                                          "\r\n",
                                          ">",
                                          "]",
                                          "]]",
                                          "]]>",
                                          "&amp;",
                                          "&lt;",
                                          "&gt;",
                                          "&quot;",
                                          "&apos;",
                                          "&#65;",
                                          "&x;",
                                          "&",
                                          "&amp",
                                          "中文",
                                          "\xC3\xA9",
                                          "\xF0\x9F\x98\x80",
                                          "\xC0\x80",
                                          "\xED\xA0\x80",
                                          "\xEF\xBF\xBE",
                                          "\xEF\xBF\xBD",
                                          "\xF4\x8F\xBF\xBF",
                                          "\xF4\x90\x80\x80",
                                          "\xF5\x80\x80\x80",
                                          "\x80",
                                          "\xE4\xB8",
                                          "\x01",
                                          "\x7F",
                                          std::string(1, '\0'),
                                          "'",
                                          "\"",
                                          "<!--c-->",
                                          "<?p x?>",
                                          "<![CDATA[<]]>"};
  // Within the subset (in text; the first four also in attribute values).
  const std::vector<std::string> good = {"12.5",
                                         " ",
                                         ">",
                                         "]",
                                         "\t",
                                         "\n",
                                         "]]",
                                         "&amp;",
                                         "&lt;",
                                         "&gt;",
                                         "&quot;",
                                         "&apos;",
                                         "中文",
                                         "\xC3\xA9",
                                         "\xF0\x9F\x98\x80",
                                         "\xEF\xBF\xBD",
                                         "\xF4\x8F\xBF\xBF",
                                         "'",
                                         "\""};
  const std::vector<std::string> spaces = {" ", "  ", "\t", "\n", "\r", ""};
  size_t plain = 0;
  size_t stopped = 0;
  const int rounds = 3000;
  for (int round = 0; round < rounds; ++round) {
    std::string xml;
    std::vector<std::string> open;
    const size_t steps = 1 + pick(30);
    const bool sloppy = pick(3) == 0;  // most rounds keep to the subset's structure
    for (size_t i = 0; i < steps; ++i) {
      const size_t what = pick(10);
      if (what < 4) {
        const std::string& name = names[sloppy ? pick(names.size()) : pick(8)];
        xml += "<" + name;
        const size_t first = pick(8);  // distinct attribute names unless sloppy
        for (size_t a = 0, n = pick(4); a < n; ++a) {
          xml += sloppy ? spaces[pick(spaces.size())] : " ";
          xml += names[sloppy ? pick(names.size()) : (first + a) % 8];
          if (sloppy && pick(4) == 0) xml += spaces[pick(spaces.size())];
          xml += "=";
          const char q = pick(2) == 0 ? '"' : '\'';
          xml += q;
          for (size_t k = 0, m = pick(3); k < m; ++k) {
            xml += sloppy ? texts[pick(texts.size())] : good[pick(4)];
          }
          xml += q;
        }
        if (sloppy) xml += spaces[pick(spaces.size())];
        if (pick(3) == 0) {
          xml += "/>";
        } else {
          xml += ">";
          open.push_back(name);
        }
      } else if (what < 7 && !open.empty()) {
        xml += "</" + open.back() + (sloppy ? spaces[pick(spaces.size())] : "") + ">";
        open.pop_back();
      } else {
        xml += sloppy ? texts[pick(texts.size())] : good[pick(good.size())];
      }
    }
    while (!open.empty() && (!sloppy || pick(8) != 0)) {
      xml += "</" + open.back() + ">";
      open.pop_back();
    }
    const PlainScan result = ExpectAsExpat(xml, pick(3) == 0 ? static_cast<int>(pick(4)) : -1);
    plain += result != PlainScan::kNotPlain;
    stopped += result == PlainScan::kStopped;
  }
  // The check means something only if much is accepted.
  EXPECT_GT(plain, static_cast<size_t>(rounds) / 4);
  EXPECT_GT(stopped, 50u);
}

}  // namespace
}  // namespace jiaodu::xlsx::internal
