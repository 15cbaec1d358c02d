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

  // A cheap screen of `word` as a cue's first word: 0 when it starts no
  // cue form (FindCue(word, …) is null), else flags for FindCue.
  uint32_t CueScreen(std::string_view word) const {
    return cue_screen_.Flags(word);
  }
  // Lexicon lookups (lower-cases ASCII; words over 40 bytes never match).
  // `screen` = CueScreen(first), not 0.
  const CueVerb* FindCue(std::string_view first, std::string_view second,
                         uint32_t screen) const;
  SpeakerWord WordClass(std::string_view word) const {
    // Most words fail the screen (a possessive may be a lexicon word once
    // stripped: the full lookup strips it).
    const bool screened = word_screen_.MayContain(word);
    if (!screened && !IsPossessiveForm(word)) return SpeakerWord::kNone;
    return FindWordClass(word, screened);
  }
  // False when `segment` is no first segment of a gazetteer key (see
  // Gazetteer::FirstSegmentLength), so MatchPrefix finds nothing; cheap.
  bool MayBeFirstSegment(std::string_view segment) const {
    return first_segment_screen_.MayContain(segment);
  }
  Gender WordGender(std::string_view word) const;

  const Gazetteer& gazetteer() const { return gazetteer_; }
  const ExtractorOptions& options() const { return options_; }

 private:
  QuoteExtractor(const Gazetteer& gazetteer, const ExtractorOptions& options)
      : gazetteer_(gazetteer), options_(options) {}
  const Gazetteer& gazetteer_;
  const ExtractorOptions& options_;
  WordTable<CueVerb> cues_;  // lower-case form → verb
  // Flags one-word forms (kOneWord) and first words of two-word forms.
  static constexpr uint32_t kOneWord = WordScreen::kFlag1;
  static constexpr uint32_t kTwoWord = WordScreen::kFlag2;
  WordScreen cue_screen_;
  struct WordInfo {
    SpeakerWord kind = SpeakerWord::kNone;
    Gender gender = Gender::kUnknown;
  };
  // True when `word` ends in 's / ’s (either case of s), the endings
  // that WordClass strips.
  static bool IsPossessiveForm(std::string_view w) {
    const size_t n = w.size();
    if (n <= 2 || (w[n - 1] | 0x20) != 's') return false;
    return w[n - 2] == '\'' ||
           (n > 4 && w[n - 2] == '\x99' && w[n - 3] == '\x80' && w[n - 4] == '\xE2');
  }
  // WordClass after its screen (`screened`: word_screen_ passed `word`).
  SpeakerWord FindWordClass(std::string_view word, bool screened) const;
  WordTable<WordInfo> words_;  // lower-case word → class
  WordScreen word_screen_;  // the keys of words_
  WordScreen first_segment_screen_;  // Gazetteer::FirstSegments()
};

}  // namespace dipx::internal

#endif  // DIPX_SRC_EXTRACTORS_QUOTE_H_
