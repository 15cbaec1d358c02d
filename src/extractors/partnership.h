// Internal: the partnership extractor (fills Extraction::partnerships and
// Extraction::partnership_summaries).
//
// A level is a head noun (partnership, partner(s), alliance, ally; tables
// partnership_heads) preceded by up to eight modifier words ("Special
// Strategic and Global", "special, strategic and global", in quote marks or
// not) and optionally followed by "of coordination" / "of cooperation" and a
// purpose suffix ("for a new era", "for Peace and Prosperity in Asia"), which
// is kept in the text but does not change the level. The modifiers are
// normalised to a token set (partnership_modifiers) and looked up in the
// ladder (partnership_ladder: exact sets first, then "contains" rows, highest
// rank first). Unknown sets get the fallback rank of reference §3.4.5:
//   base 1; +2 strategic; +2 comprehensive&strategic (else +1 comprehensive);
//   +1 if any broad modifier (global, enhanced, extensive, all-round, …) and
//   the rank is < 5; special adds +3 when strategic; apex modifiers
//   (all-weather, permanent) or {comprehensive, strategic, coordination}
//   give 8; clamped to 8. Their level id is the sorted tokens joined by '_'.
// Issuer overrides (partnership_overrides) then cap ranks per party (China's
// "global comprehensive strategic partnership" is its CSP tier).
// Descriptors (partnership_descriptors, and evaluative adjective + partner:
// "important partner", "close partnership") get level "descriptor:<id>" and
// rank -1.
//
// Parties come from the sentence (hyphenated pairs "India-Japan", "between X
// and Y", "X … with Y and Z", two countries named) or from the article's two
// most-mentioned countries when the sentence names one or none ("the two
// countries", "bilateral ties"). Years: "in 2014", "since 2006", "in March
// 2024" after the level, or a clause-initial "In 2016,". Status: upgrade
// histories make the earlier levels past ("from X to Y", a ladder of years);
// "aim to upgrade", "invitation to elevate" make the target proposed. One
// entry per distinct level per pair; lower plain mentions of a pair that has
// a higher current level ("deepen the strategic partnership") are taken as
// references to it and dropped.
//
// Cost: linear in the text; every word token is screened by its first byte
// and length against the head, abbreviation and descriptor words before any
// lookup, and every rule looks at most a fixed number of tokens away.
//
// Thread-safety: immutable after Create(); Extract() is const and
// thread-safe.
#ifndef DIPX_SRC_EXTRACTORS_PARTNERSHIP_H_
#define DIPX_SRC_EXTRACTORS_PARTNERSHIP_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "data/gazetteer.h"
#include "data/tables.h"
#include "data/word_screen.h"
#include "dipx/document.h"
#include "dipx/extraction.h"
#include "dipx/extractor.h"
#include "extractors/entities.h"

namespace dipx::internal {

// The result of normalising a set of modifier tokens.
struct LadderLevel {
  std::string level;  // canonical id
  int rank = -1;
};

class PartnershipExtractor {
 public:
  static absl::StatusOr<std::unique_ptr<PartnershipExtractor>> Create(
      const Tables& tables, const Gazetteer& gazetteer,
      const ExtractorOptions& options);

  // Appends to out->partnerships (text order) and fills
  // out->partnership_summaries.
  void Extract(const Document& doc, const EntityIndex& entities,
               const ArticleContext& context, Extraction* out) const;

  // The level of a modifier-token set (canonical tokens, any order) for the
  // given parties (canonical country names; may be empty): ladder row,
  // else fallback, then issuer overrides and known pair levels.
  LadderLevel Rank(std::vector<std::string> tokens,
                   const std::vector<std::string>& parties) const;

  // Canonical modifier token for a written word ("cooperation" →
  // "cooperative"), or "" when the word is no modifier.
  std::string_view ModifierToken(std::string_view word) const;

  // Implementation types (public so that partnership.cc helpers can use
  // them; not part of any API).
  enum class Group : uint8_t {
    kBase, kStrategic, kComprehensive, kBroad, kSpecial, kApex, kCoordination
  };
  enum class AdjRole : uint8_t { kDescriptor, kIgnore, kBlock, kAlliance };
  enum class HeadKind : uint8_t { kPartnership, kPartner, kAlliance, kElliptic };
  enum class Cue : uint8_t { kElevate, kEstablish, kProposed };
  struct Modifier {
    std::string token;
    Group group = Group::kBase;
  };
  struct Head {
    HeadKind kind = HeadKind::kPartnership;
    bool plural = false;
  };
  struct Abbreviation {
    std::vector<std::string> tokens;  // sorted
    bool plural = false;
  };
  struct LadderRow {
    std::vector<std::string> tokens;  // sorted
    LadderLevel level;
    bool contains = false;
  };
  struct Override {
    std::string party;
    std::vector<std::string> unless;
    int max_rank = 0;
    std::string level;
  };
  struct PairLevel {
    std::string a, b;  // sorted
    std::string written;
    std::string level;
  };
  struct Descriptor {
    std::string id;
    std::vector<std::string> words;  // lower case
  };

 private:
  PartnershipExtractor(const Gazetteer& gazetteer, const ExtractorOptions& options)
      : gazetteer_(gazetteer), options_(options) {}
  absl::Status Load(const Tables& tables);

  friend class PartnershipScanner;

  void AddStart(std::string_view word) { starts_.Add(word); }
  // Whether `word` (any case, not empty) may be a head, abbreviation or
  // descriptor's first word.
  bool MayStartNonEmpty(std::string_view word) const {
    return starts_.MayContain(word);
  }

  const Gazetteer& gazetteer_;
  const ExtractorOptions& options_;
  absl::flat_hash_map<std::string, Modifier> modifiers_;
  absl::flat_hash_map<std::string, AdjRole> adjectives_;
  absl::flat_hash_map<std::string, Head> heads_;
  absl::flat_hash_map<std::string, Abbreviation> abbreviations_;
  absl::flat_hash_map<std::string, Cue> cues_;
  absl::flat_hash_set<std::string> direct_proposed_;  // proposed cues with reach "level"
  std::vector<LadderRow> exact_rows_;
  std::vector<LadderRow> contains_rows_;  // highest rank first
  absl::flat_hash_map<std::string, int> exact_index_;  // joined key → row
  std::vector<Override> overrides_;
  std::vector<PairLevel> pair_levels_;
  std::vector<Descriptor> descriptors_;
  absl::flat_hash_map<std::string, std::vector<int>> descriptor_first_;
  absl::flat_hash_map<std::string, int> level_rank_;  // level id → rank
  // A cheap test before any lookup: may this word be a head, abbreviation
  // or descriptor's first word?
  WordScreen starts_;
};

}  // namespace dipx::internal

#endif  // DIPX_SRC_EXTRACTORS_PARTNERSHIP_H_
