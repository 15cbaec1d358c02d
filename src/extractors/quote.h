// Internal: the quote extractor (fills Extraction::quotes).
//
// Finds quotation-mark quotes (direct and partial, see quote_marks.h for
// the pairing), reported speech without marks (indirect: "X said (that) …",
// "…, X said", "according to X, …") and attributes each to a speaker:
// cue verbs before or after the quote (data/speech_verbs.tsv), colon and
// dash attribution, headline "…: Name", intro lines ending in a colon,
// trailing name lines under pull quotes and cue-less quote paragraphs that
// continue the previous speaker. Pronouns resolve to the most recent
// compatible person (the current speaker first); role aliases ("the
// minister") to the person holding the role. Names come from the
// EntityIndex when it knows the mention, else from the article's own
// capitalised name runs (fullest form sharing the surname).
//
// Multi-paragraph quotes follow the gold convention: one Quote per
// paragraph, each with Quote::paragraphs = the number of paragraphs the
// whole quote runs over.
//
// Cost: linear in the article; every look-around is bounded (a sentence,
// a few dozen tokens, the neighbouring paragraphs).
// Thread-safety: immutable after Create(); Extract() is const and
// thread-safe.
#ifndef DIPX_SRC_EXTRACTORS_QUOTE_H_
#define DIPX_SRC_EXTRACTORS_QUOTE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "data/gazetteer.h"
#include "data/tables.h"
#include "dipx/document.h"
#include "dipx/extraction.h"
#include "dipx/extractor.h"
#include "extractors/entities.h"

namespace dipx::internal {

// A cue verb form from data/speech_verbs.tsv.
struct CueVerb {
  enum class Kind : uint8_t { kSpeech, kThat, kWrite, kFrame, kQuote };
  Kind kind = Kind::kSpeech;
  bool indirect = false;  // introduces an unquoted content clause
  bool needs_that = false;  // … only with "that" (bare: a noun object)
  bool participle = false;  // "-ing" form ("saying", "stressing")
  int words = 1;          // "pointed out" = 2
};

// A word class from data/quote_words.tsv.
enum class SpeakerWord : uint8_t {
  kNone, kRole, kBody, kGroup, kHonorific, kSkip, kOpener, kLabel
};

class QuoteExtractor {
 public:
  static absl::StatusOr<std::unique_ptr<QuoteExtractor>> Create(
      const Tables& tables, const Gazetteer& gazetteer,
      const ExtractorOptions& options);

  // Appends to out->quotes; reads earlier results in `out`.
  void Extract(const Document& doc, const EntityIndex& entities,
               const ArticleContext& context, Extraction* out) const;

  // Lexicon lookups (lower-cases ASCII; words over 40 bytes never match).
  const CueVerb* FindCue(std::string_view first, std::string_view second) const;
  SpeakerWord WordClass(std::string_view word) const;
  Gender WordGender(std::string_view word) const;

  const Gazetteer& gazetteer() const { return gazetteer_; }
  const ExtractorOptions& options() const { return options_; }

 private:
  QuoteExtractor(const Gazetteer& gazetteer, const ExtractorOptions& options)
      : gazetteer_(gazetteer), options_(options) {}
  const Gazetteer& gazetteer_;
  const ExtractorOptions& options_;
  absl::flat_hash_map<std::string, CueVerb> cues_;  // form → verb
  // A screen before the hash look-ups: bit n of one_word_[c - 'a'] is set
  // when a one-word form of length n starts with c; two_word_ likewise for
  // the first word of two-word forms. Off when a form does not start with
  // an ASCII letter or a word is 32 bytes or longer.
  uint32_t one_word_[26] = {};
  uint32_t two_word_[26] = {};
  bool screen_ = true;
  struct WordInfo {
    SpeakerWord kind = SpeakerWord::kNone;
    Gender gender = Gender::kUnknown;
  };
  absl::flat_hash_map<std::string, WordInfo> words_;
};

}  // namespace dipx::internal

#endif  // DIPX_SRC_EXTRACTORS_QUOTE_H_
