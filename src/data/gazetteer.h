// Internal: the gazetteer — countries (ISO codes, names, short forms,
// capitals used as metonyms, demonyms), multilateral groupings and their
// meeting names, and titles/roles — loaded from data/countries.tsv,
// data/organizations.tsv and data/titles.tsv.
//
// Thread-safety: immutable after Create(); lookups are const and
// thread-safe.
#ifndef DIPX_SRC_DATA_GAZETTEER_H_
#define DIPX_SRC_DATA_GAZETTEER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "data/tables.h"

namespace dipx::internal {

struct Country {
  std::string name;      // canonical English name ("India")
  std::string iso2;      // "IN"
  std::string iso3;      // "IND"
  std::string demonym;   // first listed demonym ("Indian"), may be ""
};

struct Organization {
  std::string name;      // canonical ("ASEAN")
  // "grouping", "organization", "meeting", "government" or "media".
  std::string type;
  int country = -1;      // owning country (government bodies, media), or -1
  std::string parent;    // for meetings: the grouping's canonical name
  std::vector<int> members;  // member countries (indices), when listed
};

struct Title {
  std::string role;      // canonical role ("External Affairs Minister")
  bool person = true;    // names a person's office (vs "ministry")
  // Role family: "leader", "minister", "diplomat", "spokesperson",
  // "official", "royal", "ministry", "government", ….
  std::string category;
  int country = -1;      // the one country that has this office, or -1
  // True for words naming a family rather than one office ("minister",
  // "leader", "ministry"): "the minister" may stand for any minister.
  bool generic = false;
};

// What a surface form names.
enum class GazetteerHit : uint8_t {
  kNone, kCountry, kCapital, kDemonym, kOrganization, kTitle
};

struct GazetteerMatch {
  GazetteerHit hit = GazetteerHit::kNone;
  // Into countries() for kCountry, kCapital and kDemonym; into
  // organizations() for kOrganization; into titles() for kTitle.
  int index = -1;
  size_t length = 0;     // bytes of text matched
};

class Gazetteer {
 public:
  static absl::StatusOr<std::unique_ptr<Gazetteer>> Create(const Tables& tables);

  const std::vector<Country>& countries() const { return countries_; }
  const std::vector<Organization>& organizations() const { return organizations_; }
  const std::vector<Title>& titles() const { return titles_; }

  // Longest gazetteer entry that starts exactly at the start of `text` and
  // ends at a word boundary (case-sensitive for names, as written in news).
  GazetteerMatch MatchPrefix(std::string_view text) const;

  // Length of the run of word characters at the start of `text`: the first
  // segment of any key MatchPrefix(text) could match ("India" of
  // "India-Japan", "U" of "U.S."). MatchPrefix finds nothing unless that
  // segment is one of FirstSegments().
  static size_t FirstSegmentLength(std::string_view text);
  // The distinct first segments of all entries, for callers that screen
  // words with their own tables before calling MatchPrefix. The views
  // point into the gazetteer.
  std::vector<std::string_view> FirstSegments() const;

  // A first segment with what MatchPrefix makes of it: `match` is the entry
  // for the segment alone (hit kNone when it only starts longer keys;
  // length = the segment's), and `continued` tells whether longer keys
  // continue it. With these, a caller that has found the segment in its
  // own table needs MatchPrefix only through MatchPrefixPast, and only when
  // `continued`.
  struct FirstSegmentEntry {
    std::string_view segment;  // points into the gazetteer
    GazetteerMatch match;
    bool continued = false;
  };
  std::vector<FirstSegmentEntry> FirstSegmentEntries() const;

  // MatchPrefix(text) when the first segment of `text` is `seg` bytes long
  // and its entry (see FirstSegmentEntry) is `first` and continued.
  GazetteerMatch MatchPrefixPast(std::string_view text, size_t seg,
                                 GazetteerMatch first) const;

  // Canonical country for a name, short form, capital or demonym
  // ("New Delhi", "Indian", "U.S.") or nullptr. A leading "the " is
  // ignored; white space runs count as one space.
  const Country* FindCountry(std::string_view surface) const;

  // What `surface` names as a whole (any kind), or kNone. Same
  // normalisation as FindCountry.
  GazetteerMatch Find(std::string_view surface) const;

  // Country by ISO alpha-2 or alpha-3 code ("IN", "IND"), or nullptr.
  const Country* FindCountryByCode(std::string_view code) const;

  // Index of `country` in countries() (it must point into it).
  int CountryIndex(const Country* country) const {
    return static_cast<int>(country - countries_.data());
  }

  // For a kCountry/kCapital/kDemonym match: the country index, else -1.
  int CountryOf(const GazetteerMatch& match) const {
    switch (match.hit) {
      case GazetteerHit::kCountry:
      case GazetteerHit::kCapital:
      case GazetteerHit::kDemonym:
        return match.index;
      default:
        return -1;
    }
  }

 private:
  std::vector<Country> countries_;
  std::vector<Organization> organizations_;
  std::vector<Title> titles_;
  struct Index;
  std::shared_ptr<const Index> index_;
};

}  // namespace dipx::internal

#endif  // DIPX_SRC_DATA_GAZETTEER_H_
