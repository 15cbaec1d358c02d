// Internal: the list extractor (fills Extraction::lists).
//
// Finds enumerations of priorities, areas, sectors, platforms and topics.
// A comma (or semicolon) series counts as a list only with one of:
//   - an introducing phrase after a cue noun: "three priority areas — A, B,
//     and C", "platforms such as A, B and C", "key pillars: A, B and C",
//     "areas of common interest such as …", "cooperation on A, B and C";
//   - a free introducer or a topic verb: "particularly in A, B, and C",
//     "We will be discussing A, B, and C", "focused on A, B and C";
//   - a cue noun right after the series: "A, B and C as key pillars",
//     "political, economic and military areas";
//   - a bullet block under a heading ("Key Points" + "•" lines, "-", "*",
//     "1.") or inline bullet markers ("discussed ▲ A ▲ B ▲ C").
// Cue words live in data/list_cues.tsv. Items keep an inner "and"
// ("economic and technological collaboration") except in the last item of a
// series without an Oxford comma, which is split at its conjunction; a
// declared count ("seven major areas", "fivefold") splits further items at
// "and" until it is met. A series inside the last item ("and how to address
// energy, health, and maritime security") is reported as a nested list whose
// parent is the enclosing list. Lists of countries are not reported.
//
// Cost: linear in the text; each rule looks a bounded number of tokens away
// from its anchor. Lists longer than ExtractorOptions::max_list_items are
// truncated with a warning.
//
// Thread-safety: immutable after Create(); Extract() is const and
// thread-safe.
#ifndef DIPX_SRC_EXTRACTORS_LIST_H_
#define DIPX_SRC_EXTRACTORS_LIST_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "data/gazetteer.h"
#include "data/tables.h"
#include "data/word_screen.h"
#include "data/word_table.h"
#include "dipx/document.h"
#include "dipx/extraction.h"
#include "dipx/extractor.h"
#include "extractors/entities.h"

namespace dipx::internal {

class ListExtractor {
 public:
  static absl::StatusOr<std::unique_ptr<ListExtractor>> Create(
      const Tables& tables, const Gazetteer& gazetteer,
      const ExtractorOptions& options);

  // Appends to out->lists (text order); reads earlier results in `out`.
  void Extract(const Document& doc, const EntityIndex& entities,
               const ArticleContext& context, Extraction* out) const;

  enum class Kind : uint8_t {
    kCue, kWeakCue, kIntro, kFreeIntro, kVerb, kSubjectVerb, kStop, kNumber
  };
  struct Phrase {
    std::vector<std::string> words;  // lower case
    Kind kind = Kind::kCue;
    int value = 0;
  };

 private:
  // Flags of starts_: kOne, the word starts a one-word phrase; kLonger, a
  // phrase of two or more words.
  static constexpr uint32_t kOne = WordScreen::kFlag1;
  static constexpr uint32_t kLonger = WordScreen::kFlag2;

  ListExtractor(const Gazetteer& gazetteer, const ExtractorOptions& options)
      : gazetteer_(gazetteer), options_(options) {}

  friend class ListScanner;

  void AddStart(std::string_view word, uint32_t flags) { starts_.Add(word, flags); }
  // Whether `word` (any case) may be the first word of a phrase.
  bool MayStart(std::string_view word) const {
    return !word.empty() && StartFlagsNonEmpty(word) != 0;
  }
  uint32_t StartFlagsNonEmpty(std::string_view word) const { return starts_.Flags(word); }

  const Gazetteer& gazetteer_;
  const ExtractorOptions& options_;
  // Phrases by their first word, longest first.
  WordTable<std::vector<Phrase>> phrases_;
  // First words of the phrases (but stop phrases): a cheap test before the
  // lookup.
  WordScreen starts_;
  // Second words of those phrases of two or more words.
  WordScreen seconds_;
};

}  // namespace dipx::internal

#endif  // DIPX_SRC_EXTRACTORS_LIST_H_
