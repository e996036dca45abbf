#include "jiaodu/formats/xlsx/parallel_sheet.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "jiaodu/formats/xlsx/plain_xml.h"

namespace jiaodu::xlsx::internal {
namespace {

constexpr size_t kNone = static_cast<size_t>(-1);

// ---------------------------------------------------------------------------
// Stretches and what a worker makes of one.

// One cell as SheetCells handed it to OnCell, in 32 bytes.
struct CellRecord {
  double number = 0;
  // Text that outlives the stretch (a shared string, a literal), else null:
  // the text is the stretch's texts[text_begin, text_begin + text_size).
  const char* stable = nullptr;
  uint32_t row0 = 0;
  uint32_t text_begin = 0;
  uint32_t text_size = 0;
  uint16_t col0 = 0;  // < kMaxCols
  uint8_t type = 0;   // Cell::Type
  bool is_date = false;
};

// A run of the sheet's XML that starts and ends between two elements of
// sheetData, and its cells once parsed. The buffers keep their capacity from
// one stretch to the next.
struct Stretch {
  enum class Outcome {
    kCells,     // parsed whole: `cells`, then the cursor `end`
    kError,     // `cells`, then `error` (a cell's own error, as ParseSheet's)
    kOneThread  // must be read by the outer parser (see StretchParser::Parse)
  };
  std::string input;
  size_t begin = 0;   // where `input` starts in the sheet's XML
  bool done = false;  // parsed (guarded by the pipeline's mutex)

  Outcome outcome = Outcome::kOneThread;
  std::vector<CellRecord> cells;
  std::string texts;
  std::optional<Error> error;
  SheetCursor end;
  size_t line_breaks = 0;  // in `input`, as expat counts lines
};

// Line breaks as expat counts them for its line numbers: LF, CR, CR LF.
size_t LineBreaks(std::string_view s) {
  size_t n = 0;
  const char* const end = s.data() + s.size();
  for (const char* p = s.data();
       (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)))) !=
       nullptr;
       ++p) {
    ++n;
  }
  for (const char* p = s.data();
       (p = static_cast<const char*>(std::memchr(p, '\r', static_cast<size_t>(end - p)))) !=
       nullptr;
       ++p) {
    if (p + 1 == end || p[1] != '\n') ++n;
  }
  return n;
}

// Records the cells of a stretch instead of building rows.
class CellRecorder : public SheetCells {
 public:
  using SheetCells::SheetCells;

  Stretch* out = nullptr;
  // A cell beyond what a CellRecord holds (no real sheet has one).
  bool too_big = false;

 protected:
  void OnCell(size_t row0, size_t col0, const CellValue& value) override {
    constexpr size_t kMax = std::numeric_limits<uint32_t>::max();
    const size_t text_size = value.text.size();
    if (row0 > kMax || text_size > kMax || out->texts.size() > kMax - text_size) {
      too_big = true;
      error = InternalError(reading_.file_name, "cell beyond a record");
      return;
    }
    CellRecord rec;
    rec.number = value.number;
    rec.row0 = static_cast<uint32_t>(row0);
    rec.text_size = static_cast<uint32_t>(text_size);
    rec.col0 = static_cast<uint16_t>(col0);
    rec.type = static_cast<uint8_t>(value.type);
    rec.is_date = value.is_date;
    if (value.text_is_stable) {
      rec.stable = value.text.data();
    } else {
      rec.text_begin = static_cast<uint32_t>(out->texts.size());
      out->texts.append(value.text);
    }
    out->cells.push_back(rec);
  }
};

// Parses stretches, one at a time, on one thread: its own scanner buffers and
// expat parser (reset between stretches), and its own SheetCells over the
// package's read-only shared strings and styles.
class StretchParser {
 public:
  StretchParser(const Package& pkg, const std::string& sheet_name)
      : reading_{pkg.reading.file_name, pkg.reading.limits, nullptr, 0, 0},
        recorder_(reading_, pkg.shared_strings, pkg.date_styles, pkg.date1904, sheet_name),
        parser_(XML_ParserCreate("UTF-8")) {
    if (!parser_) throw std::bad_alloc();
  }

  // Parses `s.input` as content of sheetData with the cursor not known.
  // kOneThread when the stretch is not well-formed on its own (a damaged
  // file, or a row end tag inside a comment or CDATA that cut it in the
  // wrong place: the outer parser then finds out which), holds a comment,
  // processing instruction or CDATA section, or needs the cursor.
  void Parse(Stretch& s, const std::atomic<bool>& cancel) {
    s.outcome = Stretch::Outcome::kOneThread;
    s.error.reset();
    s.line_breaks = 0;
    const std::string_view input(s.input);
    // The plain scanner first (several times faster); expat when the
    // stretch is not that plain.
    Restart(s);
    PlainScan plain = PlainScan::kNotPlain;
    try {
      plain = ScanPlainContent(input, recorder_, scratch_);
    } catch (const std::bad_alloc&) {
      recorder_.error = OutOfMemory(reading_.file_name);  // as Guarded does
      plain = PlainScan::kStopped;
    } catch (const std::exception& e) {
      recorder_.error = InternalError(reading_.file_name, e.what());
      plain = PlainScan::kStopped;
    }
    bool ok = plain == PlainScan::kDone;
    if (plain == PlainScan::kNotPlain) {
      Restart(s);
      ok = ParseWithExpat(input, cancel);
      if (cancel.load(std::memory_order_relaxed)) return;  // never replayed
    }
    if (ok) {
      s.outcome = Stretch::Outcome::kCells;
      s.end = recorder_.cursor();
      s.line_breaks = LineBreaks(input);
    } else if (recorder_.error && !recorder_.needs_cursor && !recorder_.too_big && !one_thread_) {
      s.outcome = Stretch::Outcome::kError;
      s.error = std::move(recorder_.error);
    }
  }

 private:
  // Forgets what a parse of `s` recorded so far.
  void Restart(Stretch& s) {
    s.cells.clear();
    s.texts.clear();
    recorder_.StartUnanchored();
    recorder_.out = &s;
    recorder_.too_big = false;
    one_thread_ = false;
  }

  // The stretch inside a wrapper element, as the content of sheetData.
  bool ParseWithExpat(std::string_view input, const std::atomic<bool>& cancel) {
    XML_Parser p = parser_.get();
    XML_ParserReset(p, "UTF-8");
    XML_SetUserData(p, this);
    XML_SetElementHandler(p, OnStart, OnEnd);
    XML_SetCharacterDataHandler(p, OnChars);
    XML_SetCommentHandler(p, OnComment);
    XML_SetProcessingInstructionHandler(p, OnInstruction);
    XML_SetStartCdataSectionHandler(p, OnCdata);
    // Fed in pieces so that expat's buffer stays small.
    constexpr size_t kFeed = 256 << 10;
    bool ok = Feed("<w>", false);
    for (size_t at = 0; ok && at < input.size(); at += kFeed) {
      if (cancel.load(std::memory_order_relaxed)) return false;
      ok = Feed(input.substr(at, kFeed), false);
    }
    return ok && Feed("</w>", true);
  }

  bool Feed(std::string_view bytes, bool last) {
    return XML_Parse(parser_.get(), bytes.data(), static_cast<int>(bytes.size()),
                     last ? XML_TRUE : XML_FALSE) == XML_STATUS_OK;
  }

  // As xlsx_internal.cc's callbacks: no exception may unwind through expat.
  template <typename F>
  static void Guarded(void* user, F&& f) {
    auto* self = static_cast<StretchParser*>(user);
    SheetCells& h = self->recorder_;
    if (h.error) return;
    try {
      f(h);
    } catch (const std::bad_alloc&) {
      h.error = OutOfMemory(self->reading_.file_name);
    } catch (const std::exception& e) {
      h.error = InternalError(self->reading_.file_name, e.what());
    }
    if (h.error) XML_StopParser(self->parser_.get(), XML_FALSE);
  }
  static void XMLCALL OnStart(void* user, const XML_Char* name, const XML_Char** attrs) {
    Guarded(user, [&](SheetCells& h) { h.Start(LocalName(name), attrs); });
  }
  static void XMLCALL OnEnd(void* user, const XML_Char* name) {
    Guarded(user, [&](SheetCells& h) { h.End(LocalName(name)); });
  }
  static void XMLCALL OnChars(void* user, const XML_Char* s, int len) {
    Guarded(user, [&](SheetCells& h) { h.Chars(std::string_view(s, static_cast<size_t>(len))); });
  }
  // A comment, processing instruction or CDATA section: the stretch may have
  // been cut inside one, and the outer parser's item-size check sees them
  // differently. Rare in sheets; read on in one thread.
  static void OneThread(void* user) {
    auto* self = static_cast<StretchParser*>(user);
    self->one_thread_ = true;
    XML_StopParser(self->parser_.get(), XML_FALSE);
  }
  static void XMLCALL OnComment(void* user, const XML_Char*) { OneThread(user); }
  static void XMLCALL OnInstruction(void* user, const XML_Char*, const XML_Char*) {
    OneThread(user);
  }
  static void XMLCALL OnCdata(void* user) { OneThread(user); }

  Reading reading_;  // file name and limits only: the counters are the caller's
  CellRecorder recorder_;
  ParserPtr parser_;
  PlainScratch scratch_;
  bool one_thread_ = false;
};

// ---------------------------------------------------------------------------
// The pipeline: a ring of stretches and the workers that parse them.
//
// The calling thread fills stretch n (sequence numbers grow for ever; slot
// n % size), submits it, and replays stretches in sequence order once done.
// Workers take submitted stretches in order. A stretch belongs to the calling
// thread until submitted and again once done; `done` and the counters are
// guarded by the mutex, which also orders the buffers' contents.
class Pipeline {
 public:
  Pipeline(size_t slots, int workers, const Package& pkg, const std::string& sheet_name)
      : slots_(std::max<size_t>(slots, 3)) {
    parsers_.reserve(static_cast<size_t>(std::max(workers, 0)));
    threads_.reserve(static_cast<size_t>(std::max(workers, 0)));
    for (int i = 0; i < workers; ++i) {
      // Fewer workers than asked (no memory, no threads) only means that the
      // calling thread parses more itself (Wait).
      try {
        parsers_.push_back(std::make_unique<StretchParser>(pkg, sheet_name));
      } catch (const std::exception&) {
        break;
      }
      try {
        threads_.emplace_back([this, parser = parsers_.back().get()] { Work(*parser); });
      } catch (const std::exception&) {
        parsers_.pop_back();
        break;
      }
    }
  }
  ~Pipeline() { Stop(); }
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  size_t size() const { return slots_.size(); }
  Stretch& at(size_t seq) { return slots_[seq % slots_.size()]; }

  void Submit(size_t seq) {
    {
      std::lock_guard lock(mu_);
      at(seq).done = false;
      submitted_ = seq + 1;
    }
    work_cv_.notify_one();
  }

  bool Done(size_t seq) {
    std::lock_guard lock(mu_);
    return at(seq).done;
  }

  // Blocks until stretch `seq` is parsed. Rather than sit idle meanwhile,
  // the calling thread parses stretches no worker has taken yet (`seq`
  // itself, or later ones while a worker has `seq`).
  void Wait(size_t seq, StretchParser& own) {
    std::unique_lock lock(mu_);
    while (!at(seq).done) {
      if (next_run_ < submitted_) {
        Run(at(next_run_++), own, lock);
      } else {
        done_cv_.wait(lock);
      }
    }
  }

  // Stops the workers (a stretch being parsed is abandoned) and joins them.
  void Stop() noexcept {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cancel_.store(true, std::memory_order_relaxed);
    work_cv_.notify_all();
    for (std::thread& t : threads_) {
      if (t.joinable()) t.join();
    }
  }

 private:
  void Work(StretchParser& parser) noexcept {
    std::unique_lock lock(mu_);
    for (;;) {
      work_cv_.wait(lock, [&] { return stop_ || next_run_ < submitted_; });
      if (stop_) return;
      Run(at(next_run_++), parser, lock);
    }
  }

  // Parses `s`, taken under `lock`, without holding it.
  void Run(Stretch& s, StretchParser& parser, std::unique_lock<std::mutex>& lock) {
    lock.unlock();
    // Parse turns what the handlers throw into errors; this is for anything
    // else: the outer parser then reads the stretch.
    try {
      parser.Parse(s, cancel_);
    } catch (...) {
      s.outcome = Stretch::Outcome::kOneThread;
    }
    lock.lock();
    s.done = true;
    done_cv_.notify_all();
  }

  std::vector<Stretch> slots_;
  std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable done_cv_;
  size_t submitted_ = 0;  // stretches below were submitted
  size_t next_run_ = 0;   // the next one a worker (or Wait) takes
  bool stop_ = false;
  std::atomic<bool> cancel_{false};
  std::vector<std::unique_ptr<StretchParser>> parsers_;
  std::vector<std::thread> threads_;
};

// ---------------------------------------------------------------------------
// Where to cut.

bool IsNameByte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' ||
         u == '-' || u == '.' || u >= 0x80;
}

// When "row>" at `i` ends a row end tag ("</row>", "</x:row>"), the offset
// just past it; else kNone. Only a guess at where to cut: a guess inside a
// comment or CDATA section is caught when the stretch is parsed.
size_t RowEndAt(std::string_view s, size_t i) {
  if (i >= 2 && s[i - 1] == '/' && s[i - 2] == '<') return i + 4;
  if (i < 1 || s[i - 1] != ':') return kNone;
  size_t j = i - 1;  // the colon
  while (j > 0 && IsNameByte(s[j - 1])) --j;
  if (j == i - 1 || j < 2 || s[j - 1] != '/' || s[j - 2] != '<') return kNone;
  return i + 4;
}

// The end of the first row end tag that starts at or after `from`.
size_t FirstRowEnd(std::string_view s, size_t from) {
  for (size_t i = s.find("row>", from); i != std::string_view::npos; i = s.find("row>", i + 1)) {
    if (const size_t end = RowEndAt(s, i); end != kNone) return end;
  }
  return kNone;
}

// The end of the last row end tag that starts at or after `from`. Searches
// only s[from, end): rfind on the whole of `s` would rescan the bytes already
// searched on every read while one huge cell grows the stretch (quadratic:
// a 17 MB cell took minutes under ASan). RowEndAt still looks before `i`.
size_t LastRowEnd(std::string_view s, size_t from) {
  if (from >= s.size()) return kNone;
  const std::string_view tail = s.substr(from);
  for (size_t i = tail.rfind("row>"); i != std::string_view::npos;
       i = i == 0 ? std::string_view::npos : tail.rfind("row>", i - 1)) {
    if (const size_t end = RowEndAt(s, from + i); end != kNone) return end;
  }
  return kNone;
}

// Where the next search must start so that a tag split between this read
// and the next is still found.
size_t SearchFrom(const std::string& s) { return s.size() - std::min<size_t>(s.size(), 3); }

int ResolveWorkers(int asked) {
  if (asked >= 0) return asked;
  const unsigned cores = std::thread::hardware_concurrency();
  return cores <= 1 ? -1 : static_cast<int>(std::min(cores - 1, 2u));
}

// ---------------------------------------------------------------------------
// The calling thread.

class Reader {
 public:
  Reader(Package& pkg, const SheetEntry& entry, std::string part, SheetCells& sink,
         const ParallelOptions& options)
      : pkg_(pkg),
        r_(pkg.reading),
        entry_(entry),
        part_(std::move(part)),
        sink_(sink),
        opt_(options),
        workers_(ResolveWorkers(options.workers)) {
    opt_.piece_bytes = std::max<size_t>(opt_.piece_bytes, 1);
  }

  Status Run() {
    OpenedPart opened = JIAODU_TRY(OpenPart(r_, part_));
    file_ = std::move(opened.file);
    const bool split = workers_ >= 0 && opened.declared_size >= opt_.min_sheet_bytes;
    outer_.emplace(r_.file_name, part_, sink_, /*track=*/split);
    if (!split) return OneThread();

    // Up to the first row end tag, the outer parser alone: the sheet's
    // start (declaration, <worksheet>, <sheetData>) and its first row.
    std::string pending;
    size_t searched = 0;
    for (;;) {
      Result<size_t> n = Read(pending);
      if (!n) {
        JIAODU_TRY_STATUS(Feed(pending, 0, false));
        return outer_->FailAfter(std::move(n).error());
      }
      if (*n == 0) return Finish(pending, 0);
      if (const size_t cut = FirstRowEnd(pending, searched); cut != kNone) {
        JIAODU_TRY_STATUS(Feed(std::string_view(pending).substr(0, cut), 0, false));
        JIAODU_TRY_STATUS(outer_->CatchUp());
        outer_->StopTracking();
        pending.erase(0, cut);
        if (!CanSplit()) {
          JIAODU_TRY_STATUS(Feed(pending, cut, false));
          return OneThread();
        }
        return Split(std::move(pending), cut);
      }
      if (pending.size() > opt_.max_stretch_bytes) {
        JIAODU_TRY_STATUS(Feed(pending, 0, false));
        return OneThread();
      }
      searched = SearchFrom(pending);
    }
  }

 private:
  // Appends one piece of the sheet to `into`: its size, 0 at the end.
  Result<size_t> Read(std::string& into) {
    const size_t old = into.size();
    into.resize(old + opt_.piece_bytes);
    Result<size_t> n = ReadPart(r_, file_.get(), part_, into.data() + old, opt_.piece_bytes);
    into.resize(n ? old + *n : old);
    if (n && head_.size() < kHead) {
      head_.append(into, old, std::min(*n, kHead - head_.size()));
    }
    return n;
  }

  // Gives the outer parser `data`, which starts at `begin` in the sheet, in
  // pieces that end where the one-thread reader's pieces end: its check for
  // one giant token runs between pieces, so it stops at the same places.
  Status Feed(std::string_view data, size_t begin, bool last) {
    size_t at = 0;
    while (at < data.size()) {
      const size_t room = opt_.piece_bytes - (begin + at) % opt_.piece_bytes;
      const size_t n = std::min(room, data.size() - at);
      JIAODU_TRY_STATUS(outer_->Parse(data.substr(at, n), false));
      at += n;
    }
    if (last) JIAODU_TRY_STATUS(outer_->Parse({}, true));
    return Ok();
  }

  // The last of the sheet, then the end of the document (ParsePart's end).
  Status Finish(std::string_view data, size_t begin) {
    JIAODU_TRY_STATUS(Feed(data, begin, true));
    if (sink_.error) return Fail(std::move(*sink_.error));
    return Ok();
  }

  // The rest of the sheet through the outer parser, as ParsePart reads.
  Status OneThread() {
    for (;;) {
      void* buffer = outer_->Buffer(opt_.piece_bytes);
      Result<size_t> n = ReadPart(r_, file_.get(), part_, buffer, opt_.piece_bytes);
      if (!n) return outer_->FailAfter(std::move(n).error());
      JIAODU_TRY_STATUS(outer_->ParseBuffer(*n, *n == 0));
      if (*n == 0) break;
    }
    if (sink_.error) return Fail(std::move(*sink_.error));
    return Ok();
  }

  // Whether stretches can start here, just past the first row end tag: the
  // outer parser has read all it was given, up to that end tag, and is
  // inside the document; the sink is inside sheetData and outside any cell;
  // the sheet is UTF-8 (how the workers read) without a DOCTYPE (which could
  // declare what expat then applies to the content).
  bool CanSplit() const {
    std::string_view head(head_);
    if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
    // No declaration says otherwise, and it does not start as UTF-16 would.
    const bool utf8 = head.size() >= 2 && head[0] == '<' && head[1] != '\0';
    const ParseContext& c = outer_->context();
    return utf8 && !c.declared_other_encoding && !c.has_doctype && c.depth >= 1 &&
           c.end_of_end >= 0 && static_cast<size_t>(c.end_of_end) == outer_->fed() &&
           sink_.cursor().in_sheet_data && !sink_.in_cell();
  }

  Status Split(std::string pending, size_t begin);
  Result<bool> Replay(Stretch& s);

  static constexpr size_t kHead = 8;

  Package& pkg_;
  Reading& r_;
  const SheetEntry& entry_;
  const std::string part_;
  SheetCells& sink_;
  ParallelOptions opt_;
  const int workers_;  // -1: read in one thread
  ZipFilePtr file_;
  std::optional<PartParser> outer_;
  std::string head_;  // the sheet's first bytes
};

// Cuts the rest of the sheet into stretches for the workers and replays
// their cells in order. `pending` was read but not parsed; it starts at
// `begin`, just past a row end tag.
Status Reader::Split(std::string pending, size_t begin) {
  if (opt_.stats != nullptr) opt_.stats->split = true;
  Pipeline pipe(opt_.slots, workers_, pkg_, entry_.name);
  StretchParser own(pkg_, entry_.name);
  size_t submitted = 0;  // stretches below were submitted...
  size_t replayed = 0;   // ...and below this, replayed
  Stretch* fill = &pipe.at(0);
  fill->input.swap(pending);
  fill->begin = begin;
  size_t searched = 0;
  std::optional<Error> read_error;  // reported once everything before it was
  bool at_end = false;
  size_t one_thread_from = kNone;  // the first stretch the outer parser must read

  // Replays the stretch at the head once done; false when the outer parser
  // must take over from it.
  auto replay_head = [&](bool wait) -> Result<bool> {
    if (wait) pipe.Wait(replayed, own);
    if (!JIAODU_TRY(Replay(pipe.at(replayed)))) {
      one_thread_from = replayed;
      return false;
    }
    ++replayed;
    return true;
  };

  while (one_thread_from == kNone) {
    // Hand over what the workers finished: this keeps the ring moving and
    // the callback's work spread over the read.
    while (replayed < submitted && pipe.Done(replayed)) {
      if (!JIAODU_TRY(replay_head(false))) break;
    }
    if (one_thread_from != kNone) break;

    Result<size_t> n = Read(fill->input);
    if (!n) {
      read_error = std::move(n).error();
      break;
    }
    if (*n == 0) {
      at_end = true;
      break;
    }
    if (fill->input.size() < opt_.stretch_bytes) continue;
    const size_t cut = LastRowEnd(fill->input, searched);
    if (cut == kNone) {
      // One row longer than a stretch may be: read the rest in one thread.
      if (fill->input.size() > opt_.max_stretch_bytes) break;
      searched = SearchFrom(fill->input);
      continue;
    }
    // The slot after this one must be free for the rest of the piece.
    while (one_thread_from == kNone && submitted + 1 - replayed >= pipe.size()) {
      JIAODU_TRY(replay_head(true));
    }
    if (one_thread_from != kNone) break;
    Stretch& next = pipe.at(submitted + 1);
    next.input.assign(fill->input, cut);
    next.begin = fill->begin + cut;
    fill->input.resize(cut);
    pipe.Submit(submitted++);
    fill = &next;
    searched = 0;
  }
  while (one_thread_from == kNone && replayed < submitted) JIAODU_TRY(replay_head(true));
  pipe.Stop();
  if (opt_.stats != nullptr) {
    opt_.stats->fell_back = one_thread_from != kNone || (!at_end && !read_error);
  }

  // Everything not replayed goes to the outer parser, in order.
  for (size_t seq = one_thread_from; seq < submitted; ++seq) {
    JIAODU_TRY_STATUS(Feed(pipe.at(seq).input, pipe.at(seq).begin, false));
  }
  if (at_end) return Finish(fill->input, fill->begin);
  JIAODU_TRY_STATUS(Feed(fill->input, fill->begin, false));
  if (read_error) return outer_->FailAfter(std::move(*read_error));
  return OneThread();
}

// Hands a parsed stretch's cells to the sink, in order. False when the
// stretch must be read by the outer parser instead (which it then is, with
// every one after it).
Result<bool> Reader::Replay(Stretch& s) {
  // The worker assumed the stretch starts inside sheetData; a stretch before
  // may have closed it (a nested <sheetData/>, say).
  if (s.outcome == Stretch::Outcome::kOneThread || !sink_.cursor().in_sheet_data) return false;
  const std::string_view texts(s.texts);
  // As the outer parser's callbacks do, exceptions (from the row callback,
  // say) become errors of this sheet.
  try {
    for (const CellRecord& c : s.cells) {
      CellValue v;
      v.type = static_cast<Cell::Type>(c.type);
      v.number = c.number;
      v.is_date = c.is_date;
      v.text_is_stable = c.stable != nullptr;
      v.text = c.stable != nullptr ? std::string_view(c.stable, c.text_size)
                                   : texts.substr(c.text_begin, c.text_size);
      sink_.Deliver(c.row0, c.col0, v);
      if (sink_.error) return Fail(std::move(*sink_.error));
    }
  } catch (const std::bad_alloc&) {
    return Fail(OutOfMemory(r_.file_name));
  } catch (const std::exception& e) {
    return Fail(InternalError(r_.file_name, e.what()));
  }
  if (s.outcome == Stretch::Outcome::kError) return Fail(std::move(*s.error));
  sink_.SetCursor(s.end);
  outer_->line_offset += s.line_breaks;
  if (opt_.stats != nullptr) ++opt_.stats->stretches;
  return true;
}

}  // namespace

Status ParseSheetParallel(Package& pkg, const SheetEntry& entry, SheetCells& sink,
                          const ParallelOptions& options) {
  std::string part = JIAODU_TRY(SheetPart(pkg, entry));
  Reader reader(pkg, entry, std::move(part), sink, options);
  return NameTheSheet(reader.Run(), entry, sink);
}

}  // namespace jiaodu::xlsx::internal
