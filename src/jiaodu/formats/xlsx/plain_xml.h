// File: jiaodu/formats/xlsx/plain_xml.h
//
// A scanner for the plainest XML content, several times faster than expat,
// for the stretches of rows the parallel sheet reader (parallel_sheet.h)
// hands to its workers. Not part of the library's API.
//
// It accepts only a strict subset of XML content and, on it, calls the
// handler exactly as expat (without namespace processing) would: the same
// start and end events with the same names and attributes in the same order,
// and the same character data (possibly in other pieces). On anything else
// it gives up, and the caller discards what it was told and asks expat. The
// subset is what spreadsheet writers produce inside sheetData:
//   - elements <name a="v" b='v'>, <name/>, </name>, properly nested, at
//     most 32 deep, at most 16 attributes, no attribute twice; names
//     [A-Za-z_][A-Za-z0-9_.:-]*; space, tab and LF between the parts of a
//     tag (no CR: expat would normalise it);
//   - attribute values of printable ASCII other than < and & (so nothing
//     for expat to normalise or expand);
//   - text of printable ASCII, tab, LF and well-formed UTF-8 of XML
//     characters (no surrogates, U+FFFE, U+FFFF), with the five predefined
//     entity references; no "]]>".
// Not: CR, other control characters, character references, comments,
// processing instructions, CDATA, DOCTYPE, and any text or tag left open at
// the end. The differential test (plain_xml_test.cc) holds it to expat.
//
//   switch (ScanPlainContent(xml, handler)) {
//     case PlainScan::kDone: ...          // every event delivered
//     case PlainScan::kStopped: ...       // handler.error was set; stopped
//     case PlainScan::kNotPlain: ...      // discard the events; use expat
//   }
#ifndef JIAODU_FORMATS_XLSX_PLAIN_XML_H_
#define JIAODU_FORMATS_XLSX_PLAIN_XML_H_

#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/formats/xlsx/xlsx_internal.h"

namespace jiaodu::xlsx::internal {

enum class PlainScan { kDone, kStopped, kNotPlain };

// Reusable buffers (a scan allocates nothing once they have grown).
struct PlainScratch {
  std::string names;  // a tag's names and values, each NUL-terminated
  std::vector<size_t> offsets;
  std::vector<const XML_Char*> attrs;
};

// Scans `xml` as element content (what lies between a start tag and its end
// tag), calling `handler` with local names as expat's callbacks in
// xlsx_internal.cc do. Stops at once when a call sets handler.error
// (kStopped). Exceptions from the handler propagate.
PlainScan ScanPlainContent(std::string_view xml, XmlHandler& handler, PlainScratch& scratch);

}  // namespace jiaodu::xlsx::internal

#endif  // JIAODU_FORMATS_XLSX_PLAIN_XML_H_
