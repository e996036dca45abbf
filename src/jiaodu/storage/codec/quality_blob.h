// File: jiaodu/storage/codec/quality_blob.h
//
// One school's scores in one 抽测 as a single binary value (a "quality
// blob"), which every storage adapter stores as one BLOB/bytea.
//
// Why a blob and not one SQL row per score: a city 抽测 is 300,000 students
// × 3 subjects = 900,000 scores, every reader wants whole schools or whole
// counties (the statistics need every score), and nothing queries a single
// score. Measured for such a city (docs/quality.md, "Storage"): one SQLite
// row per score took 7.4 s to write and 83 MB; the blobs 2.7 s (encoding
// included, Debug build), 33 MB, and 1.1 s to load the whole test back.
//
// Format 1 (all integers little-endian; documented in docs/data-formats.md):
//   "JDQB" u8 version=1  u32 rows
//   u16 subjects, each: u8 length + name
//   u16 grades, each: u8 length + name
//   u32 classes, each: u16 length + label
//   u32 students, each: u8 length + 学籍号 (≤ 64 bytes, Q16)
//   narrow columns (u8 width 1/2/4, then n integers): student, subject,
//     grade, class (-1 = none) — indices into the tables above;
//   n × u8 sex (0 unknown, 1 男, 2 女); n × u32 source row;
//   u8 score scale s (0–6): a narrow column of score × 10^s, exact for
//     every score read from decimal text with ≤ s decimals (the writer
//     checks the round trip bit for bit); or s = 255 and n × f64;
//   u8 flags (bit 0: 家庭背景指数, bit 1: 前测成绩), then n × f64 for each
//     flagged one (NaN = absent).
#ifndef JIAODU_STORAGE_CODEC_QUALITY_BLOB_H_
#define JIAODU_STORAGE_CODEC_QUALITY_BLOB_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/quality/scores.h"

namespace jiaodu::quality_blob {

// The rows `rows` of `set` (all of one school) as one blob.
std::string Encode(const quality::ScoreSet& set, std::span<const uint32_t> rows);

// Appends the rows of `blob` to `set` as the school with code `school`
// (names, subjects, grades, classes and students interned into `set`).
// A malformed blob is kCorrupt ("storage.bad_quality_blob"); nothing is
// added to `set` then.
Status Decode(std::string_view blob, std::string_view school, quality::ScoreSet& set);

}  // namespace jiaodu::quality_blob

#endif  // JIAODU_STORAGE_CODEC_QUALITY_BLOB_H_
