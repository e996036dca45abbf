// File: jiaodu/formats/xlsx/parallel_sheet.h
//
// Reading one big sheet on two cores, with exactly the cells, order and
// errors of reading it in one thread (ParseSheet). Not part of the library's
// API: StreamXlsxRows uses it, and the tests force its sizes tiny.
//
// Expat is the bottleneck (about 40 MB/s), and one expat parser cannot be
// split. But a sheet is mostly a long run of <row> elements, and a run of
// complete elements can be parsed on its own. So the calling thread inflates
// the sheet and cuts it just after row end tags into stretches of about
// 1 MB; worker threads parse each stretch on its own and decode its cells
// into a compact buffer; the calling thread hands the buffered cells to the
// sink (the SheetCells subclass, e.g. StreamXlsxRows' row builder and the
// caller's callback) strictly in file order. Only the calling thread ever
// touches the sink, the Reading counters (bytes, cells) and the zip. When
// it would wait for a worker, it parses a waiting stretch itself.
//
// A worker first tries the plain scanner (plain_xml.h: the strict subset of
// XML that spreadsheet writers produce, about 6 times faster than expat and
// held to expat's events by a differential test), and, for a stretch outside
// that subset, a fresh expat parser with the stretch inside a wrapper
// element. Measured on the project's 2-core machine, reading the
// 1,000,000-row fitness file (861 MB of XML) into a roster: one thread 34 s;
// stretches through expat alone could not go under 17 s (expat is 23 s of
// CPU of the 35); with the scanner 6.4 s, 13 s of CPU.
//
//   Package pkg;  ...OpenPackage...
//   RowSink sink(pkg, entry.name, on_row);
//   JIAODU_TRY_STATUS(ParseSheetParallel(pkg, entry, sink, ParallelOptions{}));
//
// Why the result is the same, and where it is not tried:
//   - One parser (the "outer" one) reads the sheet up to the first row end
//     tag and everything that is not handed to the workers, so the document
//     as a whole is checked as today. A stretch a worker parsed is skipped
//     by it: a run of complete elements leaves a parser where it found it.
//   - A stretch is used only if it parsed whole (balanced, well-formed) and
//     held no comment, processing instruction or CDATA section (a row end
//     tag inside one would cut in the wrong place; expat also checks item
//     sizes differently there). Otherwise, and whenever a stretch needs the
//     cursor of the one before (a <row> or <c> without r at its start), that
//     stretch and all after it go to the outer parser, one thread, as today.
//     The first error in file order wins: a stretch's error is reported after
//     every earlier cell was delivered, and XML errors always come from the
//     outer parser (their line numbers count the skipped stretches' lines).
//     A read error (damaged zip data, the byte budget) comes after all that
//     was read before it, as in one thread (PartParser::FailAfter).
//   - Not tried (one thread throughout): sheets declared under
//     min_sheet_bytes, a DOCTYPE, an encoding other than UTF-8, a first row
//     end tag that does not leave the reader in sheetData, outside a cell.
//
// Memory: `slots` stretches in flight (input and decoded cells, about 2 MB
// each at the default sizes), whatever the sheet's size.
//
// Every case of row_stream_test.cc also runs with tiny stretches (cut after
// nearly every row) against the one-thread reading; parallel_sheet_test.cc
// has the cases particular to stretches.
#ifndef JIAODU_FORMATS_XLSX_PARALLEL_SHEET_H_
#define JIAODU_FORMATS_XLSX_PARALLEL_SHEET_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "jiaodu/core/error.h"
#include "jiaodu/formats/xlsx/row_stream.h"
#include "jiaodu/formats/xlsx/xlsx_internal.h"

namespace jiaodu::xlsx::internal {

// What a read did, for the tests: that the stretches were used, or why not.
struct ParallelStats {
  bool split = false;      // stretches were cut
  size_t stretches = 0;    // stretches whose cells were replayed
  bool fell_back = false;  // the outer parser took over part way
};

struct ParallelOptions {
  // Sheets the zip declares smaller are read in one thread: starting the
  // workers costs more than they save.
  size_t min_sheet_bytes = size_t{8} << 20;
  // A stretch ends at the last row end tag once it holds this many bytes...
  size_t stretch_bytes = size_t{1} << 20;
  // ...and when none comes for this long (one huge row), the rest of the
  // sheet is read in one thread. At most a quarter of kMaxItemBytes: the
  // outer parser's check for one giant token may see up to twice a token's
  // size (expat's reparse deferral), and must never refuse, in one thread,
  // a token that a stretch could hold.
  size_t max_stretch_bytes = size_t{4} << 20;
  // Inflated at a time.
  size_t piece_bytes = kChunkSize;
  // Worker threads; -1: one per core beyond the first, at most 2, and none
  // (one thread throughout) on one core.
  int workers = -1;
  // Stretches in flight (being filled, parsed or replayed); at least 3.
  size_t slots = 4;
  ParallelStats* stats = nullptr;
};

// ParseSheet (same results, same errors), parallel as above.
Status ParseSheetParallel(Package& pkg, const SheetEntry& entry, SheetCells& sink,
                          const ParallelOptions& options);

// StreamXlsxRows with explicit options (row_stream.cc).
Status StreamXlsxRowsWith(std::string_view bytes, std::string_view file_name,
                          std::string_view sheet, const RowCallback& on_row,
                          const ReadLimits& limits, std::string* streamed_sheet,
                          const ParallelOptions& options);

}  // namespace jiaodu::xlsx::internal

#endif  // JIAODU_FORMATS_XLSX_PARALLEL_SHEET_H_
