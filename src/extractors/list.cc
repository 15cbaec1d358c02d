#include "extractors/list.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace dipx::internal {
namespace {

// Bounds (in tokens / words) on how far list rules look.
constexpr size_t kHeadReach = 10;        // anchor back to its cue noun
constexpr size_t kCommaItemWords = 8;    // words in one comma-separated item
constexpr size_t kSemicolonItemWords = 30;
constexpr size_t kMaxSeriesTokens = 400; // one list's extent
constexpr size_t kBackItemWords = 5;     // items of a series before its cue

void LowerInto(std::string_view s, std::string* out) {
  out->assign(s.data(), s.size());
  for (char& c : *out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

// Whether `w`, ASCII lower-cased as LowerInto does, equals `lower`.
bool EqualsLower(std::string_view w, std::string_view lower) {
  if (w.size() != lower.size()) return false;
  for (size_t k = 0; k < w.size(); ++k) {
    char c = w[k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[k]) return false;
  }
  return true;
}

// The ASCII lower case of a word (as LowerInto), without a heap allocation
// for words that fit the buffer.
class LowerWord {
 public:
  explicit LowerWord(std::string_view w) {
    if (w.size() <= sizeof(buf_)) {
      for (size_t k = 0; k < w.size(); ++k) {
        char c = w[k];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        buf_[k] = c;
      }
      view_ = std::string_view(buf_, w.size());
    } else {
      LowerInto(w, &spill_);
      view_ = spill_;
    }
  }
  LowerWord(const LowerWord&) = delete;
  LowerWord& operator=(const LowerWord&) = delete;

  std::string_view view() const { return view_; }

 private:
  char buf_[32];
  std::string spill_;
  std::string_view view_;
};

bool IsBulletMark(std::string_view w) {
  return w == "\xE2\x96\xB2" /* ▲ */ || w == "\xE2\x80\xA2" /* • */ ||
         w == "\xE2\x96\xA0" /* ■ */ || w == "\xE2\x97\x86" /* ◆ */ ||
         w == "\xE2\x97\x8F" /* ● */ || w == "\xE2\x96\xBA" /* ► */ ||
         w == "\xE2\x96\xB6" /* ▶ */;
}

bool IsPreposition(std::string_view lw) {
  static constexpr const char* kWords[] = {
      "on", "in", "of", "for", "to", "with", "at", "by", "from", "about",
      "across", "into", "including", "between", "among", "like", "than"};
  for (const char* w : kWords) {
    if (lw == w) return true;
  }
  return false;
}

bool IsPossessive(std::string_view lw) {
  return lw == "our" || lw == "their" || lw == "its" || lw == "this" ||
         lw == "these" || lw == "his" || lw == "her" || lw == "today" ||
         lw == "my" || lw == "your";
}

// "highlighting", "focused": likely verbs that start no item.
bool LooksVerbal(std::string_view lw) {
  auto ends = [&](std::string_view s) {
    return lw.size() > s.size() + 2 && lw.substr(lw.size() - s.size()) == s;
  };
  return ends("ing") || ends("ed");
}

}  // namespace

absl::StatusOr<std::unique_ptr<ListExtractor>> ListExtractor::Create(
    const Tables& tables, const Gazetteer& gazetteer,
    const ExtractorOptions& options) {
  std::unique_ptr<ListExtractor> ex(new ListExtractor(gazetteer, options));
  auto cues = tables.Get("list_cues", {"kind"});
  if (!cues.ok()) return cues.status();
  for (const Table::Row& row : (*cues)->rows()) {
    Phrase p;
    std::string_view kind = (*cues)->Cell(row, "kind");
    if (kind == "cue") p.kind = Kind::kCue;
    else if (kind == "weak_cue") p.kind = Kind::kWeakCue;
    else if (kind == "intro") p.kind = Kind::kIntro;
    else if (kind == "free_intro") p.kind = Kind::kFreeIntro;
    else if (kind == "verb") p.kind = Kind::kVerb;
    else if (kind == "subject_verb") p.kind = Kind::kSubjectVerb;
    else if (kind == "stop") p.kind = Kind::kStop;
    else if (kind == "number") p.kind = Kind::kNumber;
    else return (*cues)->RowError(row, absl::StrCat("unknown kind '", std::string(kind), "'"));
    if (p.kind == Kind::kNumber) {
      std::string v((*cues)->Cell(row, "value"));
      p.value = std::atoi(v.c_str());
      if (p.value <= 0) return (*cues)->RowError(row, "number rows need a positive value");
    }
    std::string key;
    LowerInto(row.cells[0], &key);
    for (absl::string_view w : absl::StrSplit(key, ' ', absl::SkipEmpty())) {
      p.words.emplace_back(w);
    }
    if (p.words.empty()) continue;
    // Stop words only matter inside a series: they are looked up there,
    // never as anchors.
    if (p.kind != Kind::kStop) {
      ex->AddStart(p.words[0], p.words.size() == 1 ? kOne : kLonger);
      if (p.words.size() >= 2) ex->seconds_.Add(p.words[1]);
    }
    std::vector<Phrase>& v = *ex->phrases_.Insert(p.words[0]);
    v.push_back(std::move(p));
    std::stable_sort(v.begin(), v.end(), [](const Phrase& a, const Phrase& b) {
      return a.words.size() > b.words.size();
    });
  }
  return ex;
}

class ListScanner {
 public:
  ListScanner(const ListExtractor& ex, const Document& doc, Extraction* out)
      : ex_(ex), doc_(doc), toks_(doc.tokens()), out_(out) {}

  void Run();

 private:
  using Kind = ListExtractor::Kind;
  struct Seg {
    size_t b = 0, e = 0;  // token range
  };

  std::string_view Word(size_t i) const { return doc_.Text(toks_[i].span); }
  bool IsSep(size_t i, std::string_view p) const {
    return toks_[i].kind == TokenKind::kPunct && Word(i) == p;
  }
  bool IsWordTok(size_t i) const {
    return toks_[i].kind == TokenKind::kWord || toks_[i].kind == TokenKind::kNumber;
  }
  // The phrase of list_cues starting at token i (longest), or nullptr.
  const ListExtractor::Phrase* PhraseAt(size_t i, size_t last);
  // PhraseAt for a token that passed MayStartPhrase.
  const ListExtractor::Phrase* ScreenedPhraseAt(size_t i, size_t last);
  // Cheap screen for PhraseAt: whether token i can start a phrase at all.
  bool MayStartPhrase(size_t i) const {
    return toks_[i].kind == TokenKind::kWord && ex_.MayStart(Word(i));
  }
  bool Consumed(size_t i) const {
    for (const auto& r : consumed_) {
      if (i >= r.first && i < r.second) return true;
    }
    return false;
  }
  size_t Words(Seg s) const {
    size_t n = 0;
    for (size_t i = s.b; i < s.e; ++i) n += IsWordTok(i) ? 1 : 0;
    return n;
  }
  Seg Trim(Seg s);
  // Position of the conjunction to split the last item at, or -1.
  int SplitPoint(Seg s, size_t* skip);
  int CueBefore(size_t first, size_t i, int* strength, size_t* cue_at);
  int DeclaredNear(size_t first, size_t cue);
  size_t HeadStart(size_t first, size_t end);

  // Fills phrase_starts_ with the tokens in [first, last) that pass
  // MayStartPhrase, less those that could start only phrases of two or more
  // words and are followed by no possible second word (ScreenedPhraseAt
  // would find no phrase, or a stop phrase, which no rule acts on); returns
  // the number of bullet marks in the range. Kept out
  // of line: a tight loop over every token.
  ABSL_ATTRIBUTE_NOINLINE int FindStarts(size_t first, size_t last);
  void ScanSentence(size_t first, size_t last);
  bool InlineBullets(size_t first, size_t last);
  bool Forward(size_t first, size_t last, size_t p, int min_items, Span head,
               int declared, bool colon);
  // The count declared near the cue (DeclaredNear) is only looked up for a
  // list found.
  bool Backward(size_t first, size_t end, size_t cue, int strength, Span head);
  void Emit(std::vector<Seg> items, Span head, int declared, int parent,
            std::vector<Seg>* nested_items);
  void EmitSpans(const std::vector<Span>& items, Span head, int declared, int parent);
  void BulletBlock(size_t from, size_t to);

  const ListExtractor& ex_;
  const Document& doc_;
  const std::vector<Token>& toks_;
  Extraction* out_;
  std::vector<std::pair<size_t, size_t>> consumed_;
  // FindStarts' result for the current sentence (reused).
  std::vector<size_t> phrase_starts_;
  std::vector<PriorityList> found_;
};

const ListExtractor::Phrase* ListScanner::PhraseAt(size_t i, size_t last) {
  if (!MayStartPhrase(i)) return nullptr;
  return ScreenedPhraseAt(i, last);
}

const ListExtractor::Phrase* ListScanner::ScreenedPhraseAt(size_t i, size_t last) {
  const LowerWord lw(Word(i));
  const std::vector<ListExtractor::Phrase>* phrases = ex_.phrases_.Find(lw.view());
  if (phrases == nullptr) return nullptr;
  for (const ListExtractor::Phrase& p : *phrases) {
    if (i + p.words.size() > last) continue;
    bool ok = true;
    for (size_t k = 1; k < p.words.size() && ok; ++k) {
      ok = EqualsLower(Word(i + k), p.words[k]);
    }
    if (ok) return &p;
  }
  return nullptr;
}

ListScanner::Seg ListScanner::Trim(Seg s) {
  while (s.b < s.e) {
    const LowerWord w_lower(Word(s.b));
    const std::string_view w = w_lower.view();
    if (w == "and" || w == "or" || w == "&" || w == "," || w == ";" ||
        w == "\xE2\x80\xA6") {
      ++s.b;
      continue;
    }
    if (w == "as" && s.b + 2 < s.e &&
        EqualsLower(Word(s.b + 1), "well") && EqualsLower(Word(s.b + 2), "as")) {
      s.b += 3;
      continue;
    }
    break;
  }
  while (s.e > s.b) {
    const LowerWord w_lower(Word(s.e - 1));
    const std::string_view w = w_lower.view();
    if (w == "etc" || w == "etc." || w == "." || w == "," || w == ";" || w == "and" ||
        w == "or") {
      --s.e;
      continue;
    }
    break;
  }
  return s;
}

int ListScanner::SplitPoint(Seg s, size_t* skip) {
  // "as well as" wins; else an "and"/"or" after a plural-looking word; else
  // the last one.
  int last_and = -1, plural_and = -1;
  for (size_t i = s.b + 1; i + 1 < s.e; ++i) {
    const LowerWord w_lower(Word(i));
    const std::string_view w = w_lower.view();
    if (w == "as" && i + 2 < s.e &&
        EqualsLower(Word(i + 1), "well") && EqualsLower(Word(i + 2), "as")) {
      *skip = 3;
      return static_cast<int>(i);
    }
    if (w == "and" || w == "or" || w == "&") {
      last_and = static_cast<int>(i);
      const LowerWord prev_lower(Word(i - 1));
      const std::string_view prev = prev_lower.view();
      if (prev.size() > 3 && prev.back() == 's' && prev[prev.size() - 2] != 's' &&
          prev.find('-') == std::string::npos) {
        plural_and = static_cast<int>(i);
      }
    }
  }
  *skip = 1;
  return plural_and >= 0 ? plural_and : last_and;
}

// The strength of a cue noun in the `kHeadReach` tokens before `i`:
// 2 = cue, 1 = weak cue, 0 = none.
int ListScanner::CueBefore(size_t first, size_t i, int* strength, size_t* cue_at) {
  *strength = 0;
  size_t stop = i > first + kHeadReach ? i - kHeadReach : first;
  for (size_t j = i; j > stop;) {
    --j;
    if (toks_[j].kind == TokenKind::kPunct) {
      std::string_view w = Word(j);
      if (w == ";" || w == ":" || w == "." || IsBulletMark(w)) break;
      continue;
    }
    if (toks_[j].kind != TokenKind::kWord) continue;
    const LowerWord lw(Word(j));
    const std::vector<ListExtractor::Phrase>* phrases = ex_.phrases_.Find(lw.view());
    if (phrases == nullptr) continue;
    for (const ListExtractor::Phrase& p : *phrases) {
      if (p.words.size() != 1) continue;
      if (p.kind == Kind::kCue || p.kind == Kind::kWeakCue) {
        *strength = p.kind == Kind::kCue ? 2 : 1;
        *cue_at = j;
        return *strength;
      }
    }
  }
  return 0;
}

int ListScanner::DeclaredNear(size_t first, size_t cue) {
  size_t stop = cue > first + 4 ? cue - 4 : first;
  for (size_t j = cue + 1; j > stop;) {
    --j;
    if (toks_[j].kind == TokenKind::kNumber) {
      std::string_view w = Word(j);
      // Declared counts are small ("3 areas"); longer digit runs are years,
      // amounts or noise and must not be read (nor overflow an int).
      int v = 0;
      bool ok = !w.empty() && w.size() <= 2;
      for (size_t k = 0; ok && k < w.size(); ++k) {
        if (w[k] < '0' || w[k] > '9') ok = false;
        else v = v * 10 + (w[k] - '0');
      }
      if (ok && v >= 2) return v;
      continue;
    }
    const LowerWord lw(Word(j));
    const std::vector<ListExtractor::Phrase>* phrases = ex_.phrases_.Find(lw.view());
    if (phrases == nullptr) continue;
    for (const ListExtractor::Phrase& p : *phrases) {
      if (p.kind == Kind::kNumber && p.words.size() == 1 && p.value >= 2) return p.value;
    }
  }
  return -1;
}

size_t ListScanner::HeadStart(size_t first, size_t end) {
  size_t j = end;
  size_t n = 0;
  while (j > first && n < 8) {
    size_t k = j - 1;
    if (!IsWordTok(k)) {
      if (toks_[k].kind == TokenKind::kPunct && Word(k) == "-") {
        --j;
        continue;
      }
      break;
    }
    const LowerWord lower(Word(k));
    const std::string_view w = lower.view();
    if ((IsPreposition(w) && w != "of") || w == "is" || w == "are" || w == "was" ||
        w == "were" || w == "that" || w == "which" || w == "be" || w == "been" ||
        w == "has" || w == "have" || w == "had" || w == "we" || w == "they" ||
        w == "he" || w == "she" || w == "it" || w == "i" || LooksVerbal(w)) {
      break;
    }
    --j;
    ++n;
  }
  return j;
}

void ListScanner::EmitSpans(const std::vector<Span>& items, Span head, int declared,
                            int parent) {
  PriorityList l;
  l.head = head;
  l.declared_count = declared;
  for (const Span& s : items) l.items.push_back(ListItem{s});
  const size_t max_items = ex_.options_.max_list_items;
  if (l.items.size() > max_items) {
    l.items.resize(max_items);
    out_->warnings.push_back(absl::StrCat(
        "max_list_items: a list was truncated to ", max_items, " items"));
  }
  l.count_matches = declared < 0 || static_cast<int>(items.size()) == declared;
  uint32_t b = l.items.front().span.begin;
  if (!head.empty()) b = std::min(b, head.begin);
  l.span = Span{b, l.items.back().span.end};
  l.parent = parent;
  found_.push_back(std::move(l));
}

void ListScanner::Emit(std::vector<Seg> items, Span head, int declared, int parent,
                       std::vector<Seg>* nested_items) {
  std::vector<Span> spans;
  for (const Seg& s : items) {
    spans.push_back(Span{toks_[s.b].span.begin, toks_[s.e - 1].span.end});
  }
  EmitSpans(spans, head, declared, parent);
  if (nested_items != nullptr && nested_items->size() >= 2) {
    int me = static_cast<int>(found_.size()) - 1;
    std::vector<Span> inner;
    for (const Seg& s : *nested_items) {
      inner.push_back(Span{toks_[s.b].span.begin, toks_[s.e - 1].span.end});
    }
    EmitSpans(inner, Span{}, -1, me);
  }
}

bool ListScanner::Forward(size_t first, size_t last, size_t p, int min_items,
                          Span head, int declared, bool colon) {
  if (p >= last) return false;
  size_t limit = std::min(last, p + kMaxSeriesTokens);
  bool semicolons = false;
  for (size_t j = p; j < limit; ++j) {
    if (IsSep(j, ";")) {
      semicolons = true;
      break;
    }
    if (IsSep(j, ".")) break;
  }
  const std::string_view sep = semicolons ? ";" : ",";
  const size_t max_words = semicolons ? kSemicolonItemWords : kCommaItemWords;
  std::vector<Seg> segs;
  size_t seg_start = p;
  bool oxford = false;      // the last item starts with and/or
  bool last_and = false;
  bool etc = false;
  auto starts_and = [&](size_t b, size_t e) {
    while (b < e && (IsSep(b, ",") || IsSep(b, ";"))) ++b;
    if (b >= e) return false;
    const LowerWord fw_lower(Word(b));
    const std::string_view fw = fw_lower.view();
    return fw == "and" || fw == "or";
  };
  auto close = [&](size_t e) -> bool {  // false: the segment is no item
    Seg raw{seg_start, e};
    Seg s = Trim(raw);
    for (size_t q = s.e; q < e; ++q) {
      const LowerWord w_lower(Word(q));
      const std::string_view w = w_lower.view();
      if (w == "etc" || w == "etc.") etc = true;
    }
    if (s.b >= s.e) return false;
    // The last item may still hold its conjunction: allow twice the words.
    if (Words(s) > 2 * max_words) return false;
    if (!segs.empty() && Words(segs.back()) > max_words) return false;
    last_and = starts_and(raw.b, raw.e);
    segs.push_back(s);
    return true;
  };
  size_t j = p;
  bool done = false;
  for (; j < limit && !done; ++j) {
    const Token& t = toks_[j];
    std::string_view w = Word(j);
    if (t.kind == TokenKind::kQuoteMark && j > p &&
        (w == "\xE2\x80\x99" || w == "'") && toks_[j - 1].span.end == t.span.begin &&
        !Word(j - 1).empty() && Word(j - 1).back() == 's') {
      continue;  // possessive "countries’"
    }
    if (t.kind == TokenKind::kQuoteMark || t.kind == TokenKind::kDash) {
      // A hyphen glued to words belongs to them ("people-to-people" is one
      // token anyway); a free dash or quote mark ends the series.
      close(j);
      done = true;
      break;
    }
    if (t.kind == TokenKind::kPunct) {
      if (w == "(") {
        size_t q = j + 1;
        while (q < limit && q < j + 10 && !IsSep(q, ")")) ++q;
        if (q < limit && IsSep(q, ")")) {
          j = q;
          continue;
        }
        close(j);
        done = true;
        break;
      }
      if (w == sep) {
        bool and_first = starts_and(seg_start, j);
        if (!close(j)) {
          done = true;
          break;
        }
        seg_start = j + 1;
        if (and_first && segs.size() >= 2) {
          oxford = true;
          done = true;
          break;
        }
        continue;
      }
      if (w == "," && semicolons) continue;
      if (w == "." || w == ":" || w == ";" || w == "!" || w == "?" || w == ")" ||
          IsBulletMark(w)) {
        close(j);
        done = true;
        break;
      }
      continue;
    }
    if (t.kind != TokenKind::kWord) continue;
    const LowerWord lw_lower(Word(j));
    const std::string_view lw = lw_lower.view();
    // Stop words end the last item ("so as to", "during this visit",
    // "the president said"); "as well as" is a conjunction.
    if (lw == "as" && j + 2 < limit &&
        EqualsLower(Word(j + 1), "well") && EqualsLower(Word(j + 2), "as")) {
      j += 2;
      continue;
    }
    if (lw == "etc" || lw == "etc.") {
      etc = true;
      continue;
    }
    bool stop = false;
    if (j > p && !semicolons) {
      if (const auto* phrases = ex_.phrases_.Find(lw); phrases != nullptr) {
        for (const ListExtractor::Phrase& ph : *phrases) {
          if (ph.kind == Kind::kStop && ph.words.size() == 1) stop = true;
        }
      }
      if (!stop && IsPreposition(lw) && lw != "of" && j + 1 < limit &&
          IsPossessive(LowerWord(Word(j + 1)).view())) {
        stop = true;
      }
    }
    if (stop) {
      // "…, the president said" / "…, according to": an attribution, not
      // an item.
      bool speech = lw == "said" || lw == "says" || lw == "added" || lw == "stated" ||
                    lw == "noted" || lw == "told" || lw == "according";
      if (!(speech && seg_start > p)) close(j);
      done = true;
      break;
    }
  }
  if (!done && seg_start < j) close(j);
  if (!segs.empty() && !oxford && segs.size() >= 2 && last_and) oxford = true;
  if (segs.empty()) return false;
  // The series is closed by a conjunction: ", and X" (Oxford), or "X and Y"
  // in the last item, which is then split.
  std::vector<Seg> nested;
  if (oxford) {
    // "…, and how to address energy, health, and maritime security": a
    // series continuing after the Oxford item is nested in it.
    size_t q = segs.back().e;
    while (q < limit && IsSep(q, ",")) ++q;
    std::vector<Seg> more;
    size_t s0 = q;
    bool closed = false;
    for (size_t k = q; k < limit && k < q + 40; ++k) {
      if (IsSep(k, ",")) {
        Seg s = Trim(Seg{s0, k});
        if (s.b >= s.e || Words(s) > 4) break;
        bool andy = false;
        {
          const LowerWord fw_lower(Word(s0 < k ? s0 : k));
          const std::string_view fw = fw_lower.view();
          andy = fw == "and" || fw == "or";
        }
        more.push_back(s);
        s0 = k + 1;
        if (andy) {
          closed = true;
          break;
        }
        continue;
      }
      if (!IsWordTok(k) && toks_[k].kind != TokenKind::kPunct) break;
      if (toks_[k].kind == TokenKind::kPunct && !IsSep(k, ",")) {
        Seg s = Trim(Seg{s0, k});
        const LowerWord fw_lower(s0 < k ? Word(s0) : std::string_view());
        const std::string_view fw = fw_lower.view();
        if (s.b < s.e && (fw == "and" || fw == "or")) {
          more.push_back(s);
          closed = true;
        }
        break;
      }
      if (IsWordTok(k) && k > s0) {
        const LowerWord lw_lower(Word(k));
        const std::string_view lw = lw_lower.view();
        // Nested items are short noun phrases: a preposition ends the last.
        bool stop = IsPreposition(lw) && lw != "of" && k > s0 + 1;
        if (const auto* phrases = ex_.phrases_.Find(lw); phrases != nullptr) {
          for (const ListExtractor::Phrase& ph : *phrases) {
            if (ph.kind == Kind::kStop && ph.words.size() == 1) stop = true;
          }
        }
        if (stop) {
          Seg s = Trim(Seg{s0, k});
          const LowerWord fw_lower(Word(s0));
          const std::string_view fw = fw_lower.view();
          if (s.b < s.e && (fw == "and" || fw == "or")) {
            more.push_back(s);
            closed = true;
          }
          break;
        }
      }
    }
    if (closed && !more.empty()) {
      // The nested series' first item is the tail of the Oxford item.
      Seg host = segs.back();
      size_t longest = 1;
      for (const Seg& m : more) longest = std::max(longest, Words(m));
      size_t b = host.e;
      size_t n = 0;
      while (b > host.b && n < longest) {
        const LowerWord w_lower(Word(b - 1));
        const std::string_view w = w_lower.view();
        if (IsPreposition(w) || w == "address" || LooksVerbal(w)) break;
        --b;
        ++n;
      }
      if (b < host.e) {
        nested.push_back(Seg{b, host.e});
        nested.insert(nested.end(), more.begin(), more.end());
        segs.back().e = more.back().e;
      }
    }
  } else {
    Seg last_seg = segs.back();
    size_t skip = 1;
    int at = SplitPoint(last_seg, &skip);
    if (at >= 0) {
      segs.back().e = static_cast<size_t>(at);
      segs.push_back(Trim(Seg{static_cast<size_t>(at) + skip, last_seg.e}));
      segs[segs.size() - 2] = Trim(segs[segs.size() - 2]);
    } else {
      if (!etc && !colon && !semicolons) return false;
    }
  }
  // A declared count may split items at their inner "and".
  while (declared > 0 && static_cast<int>(segs.size()) < declared) {
    bool split = false;
    for (size_t k = segs.size(); k-- > 0;) {
      size_t skip = 1;
      int at = SplitPoint(segs[k], &skip);
      if (at < 0) continue;
      Seg a = Trim(Seg{segs[k].b, static_cast<size_t>(at)});
      Seg b = Trim(Seg{static_cast<size_t>(at) + skip, segs[k].e});
      if (a.b >= a.e || b.b >= b.e) continue;
      segs[k] = a;
      segs.insert(segs.begin() + k + 1, b);
      split = true;
      break;
    }
    if (!split) break;
  }
  for (const Seg& s : segs) {
    if (s.b >= s.e || Words(s) > max_words) return false;
  }
  if (static_cast<int>(segs.size()) < min_items) return false;
  // An introducer inside an item starts the real list later ("focused on
  // advancing talks, particularly in A, B, and C").
  for (const Seg& sg : segs) {
    for (size_t q = sg.b; q < sg.e; ++q) {
      const ListExtractor::Phrase* x = PhraseAt(q, sg.e);
      if (x != nullptr && (x->kind == Kind::kIntro || x->kind == Kind::kFreeIntro)) {
        return false;
      }
    }
  }
  // Lists of countries are no priority lists.
  int countries = 0;
  for (const Seg& s : segs) {
    std::string_view text = doc_.Text(Span{toks_[s.b].span.begin, toks_[s.e - 1].span.end});
    if (text.size() > 4 && (text.substr(0, 4) == "the " || text.substr(0, 4) == "The ")) {
      text.remove_prefix(4);
    }
    if (ex_.gazetteer_.FindCountry(text) != nullptr) ++countries;
  }
  if (countries * 2 >= static_cast<int>(segs.size())) return false;
  (void)first;
  consumed_.emplace_back(segs.front().b, segs.back().e);
  Emit(segs, head, declared, -1, nested.empty() ? nullptr : &nested);
  return true;
}

bool ListScanner::Backward(size_t first, size_t end, size_t cue, int strength,
                           Span head) {
  (void)strength;
  // Segments back from `end`, separated by commas. A segment holding a
  // preposition, article or verb-like word starts the series after that
  // word ("highlighting A, B, and C as key pillars").
  auto boundary = [&](size_t q, size_t seg_b) {
    const LowerWord w_lower(Word(q));
    const std::string_view w = w_lower.view();
    if (w == "of" && q > seg_b) return true;
    if ((w == "the" || w == "a" || w == "an") && q > seg_b) return true;
    return (IsPreposition(w) && w != "of") || LooksVerbal(w) || w == "is" ||
           w == "are" || w == "was" || w == "were" || w == "be";
  };
  std::vector<Seg> segs;  // right to left
  bool last_and = false;
  size_t e = end;
  size_t j = end;
  size_t stop = end > first + 60 ? end - 60 : first;
  bool saw_comma = false, cut = false;
  while (j > stop && !cut) {
    size_t k = j - 1;
    if (IsSep(k, ",")) {
      Seg raw{k + 1, e};
      size_t b = raw.b;
      for (size_t q = raw.e; q > raw.b;) {
        --q;
        if (IsWordTok(q) && boundary(q, raw.b)) {
          b = q + 1;
          cut = true;
          break;
        }
      }
      Seg s = Trim(Seg{b, raw.e});
      if (s.b >= s.e) return false;
      if (Words(s) > kBackItemWords) break;  // the words before the series
      if (segs.empty()) {
        const LowerWord fw_lower(Word(raw.b));
        const std::string_view fw = fw_lower.view();
        last_and = fw == "and" || fw == "or";
      }
      segs.push_back(s);
      e = k;
      j = k;
      saw_comma = true;
      continue;
    }
    if (!IsWordTok(k)) break;
    --j;
  }
  if (!saw_comma) return false;
  if (!cut) {
    // The leftmost item: the tail of the remaining words, no longer than
    // the longest other item, cut at prepositions and verb-like words.
    // (The item nearest the cue still holds its conjunction: skip it.)
    size_t longest = 1;
    for (size_t q = 1; q < segs.size(); ++q) longest = std::max(longest, Words(segs[q]));
    if (segs.size() == 1 && last_and) longest = std::max(longest, Words(segs[0]));
    size_t b = e, n = 0;
    while (b > first && n < longest) {
      size_t k = b - 1;
      if (!IsWordTok(k)) break;
      const LowerWord w_lower(Word(k));
      const std::string_view w = w_lower.view();
      // The word right before the comma is the item's head noun even when
      // it ends in -ing ("shipbuilding").
      if (IsPreposition(w) || (LooksVerbal(w) && n > 0) || w == "is" || w == "are" ||
          w == "was" || w == "were" || w == "the" || w == "and") {
        break;
      }
      --b;
      ++n;
    }
    if (b >= e) return false;
    segs.push_back(Seg{b, e});
  }
  std::reverse(segs.begin(), segs.end());
  // The last item must hold the conjunction.
  Seg last_seg = segs.back();
  if (!last_and) {
    size_t skip = 1;
    int at = SplitPoint(Seg{last_seg.b, last_seg.e}, &skip);
    if (at < 0) return false;
    segs.back() = Trim(Seg{last_seg.b, static_cast<size_t>(at)});
    segs.push_back(Trim(Seg{static_cast<size_t>(at) + skip, last_seg.e}));
  }
  // Raw segments may begin with "and" before trimming.
  for (Seg& s : segs) s = Trim(s);
  for (const Seg& s : segs) {
    if (s.b >= s.e) return false;
  }
  if (segs.size() < 3) return false;
  int countries = 0;
  for (const Seg& s : segs) {
    std::string_view text = doc_.Text(Span{toks_[s.b].span.begin, toks_[s.e - 1].span.end});
    if (ex_.gazetteer_.FindCountry(text) != nullptr) ++countries;
  }
  if (countries * 2 >= static_cast<int>(segs.size())) return false;
  consumed_.emplace_back(segs.front().b, segs.back().e);
  Emit(segs, head, DeclaredNear(first, cue), -1, nullptr);
  return true;
}

bool ListScanner::InlineBullets(size_t first, size_t last) {
  std::vector<size_t> marks;
  for (size_t i = first; i < last; ++i) {
    if (toks_[i].kind == TokenKind::kPunct && IsBulletMark(Word(i))) marks.push_back(i);
  }
  if (marks.size() < 2) return false;
  std::vector<Seg> items;
  for (size_t k = 0; k < marks.size(); ++k) {
    size_t b = marks[k] + 1;
    size_t e = k + 1 < marks.size() ? marks[k + 1] : last;
    Seg s = Trim(Seg{b, e});
    if (s.b < s.e) items.push_back(s);
  }
  if (items.size() < 2) return false;
  Span head;
  Seg h = Seg{first, marks[0]};
  while (h.e > h.b && toks_[h.e - 1].kind != TokenKind::kWord) --h.e;
  if (h.b < h.e) head = Span{toks_[h.b].span.begin, toks_[h.e - 1].span.end};
  consumed_.emplace_back(first, last);
  Emit(items, head, -1, -1, nullptr);
  return true;
}

int ListScanner::FindStarts(size_t first, size_t last) {
  phrase_starts_.clear();
  int marks = 0;
  const Token* const toks = toks_.data();
  const std::string_view text = doc_.text();
  for (size_t i = first; i < last; ++i) {
    const Token& t = toks[i];
    if (t.kind == TokenKind::kWord) {
      // Word(i) inlined: a span outside the text reads as "", no start.
      const Span sp = t.span;
      if (sp.end > text.size() || sp.begin >= sp.end) continue;
      const uint32_t flags = ex_.StartFlagsNonEmpty(
          std::string_view(text.data() + sp.begin, sp.end - sp.begin));
      if (flags == 0) continue;
      // Only phrases of two or more words may start here: the next token
      // must be able to be a second word.
      if (flags == ListExtractor::kLonger &&
          (i + 1 >= last || !ex_.seconds_.MayContain(toks[i + 1].span.In(text)))) {
        continue;
      }
      phrase_starts_.push_back(i);
    } else if (t.kind == TokenKind::kPunct && IsBulletMark(t.span.In(text))) {
      ++marks;
    }
  }
  return marks;
}

void ListScanner::ScanSentence(size_t first, size_t last) {
  consumed_.clear();
  // One pass finds the tokens that may start a phrase and counts the bullet
  // marks: inline bullets need two, every other rule starts at a phrase.
  if (FindStarts(first, last) >= 2 && InlineBullets(first, last)) return;
  size_t next = first;  // a rule that found a list resumes after it
  for (const size_t start : phrase_starts_) {
    if (start < next || Consumed(start)) continue;
    size_t i = start;
    const ListExtractor::Phrase* ph = ScreenedPhraseAt(i, last);
    if (ph == nullptr) continue;
    const size_t n = ph->words.size();
    switch (ph->kind) {
      case Kind::kIntro: {
        int strength = 0;
        size_t cue_at = i;
        if (CueBefore(first, i, &strength, &cue_at) == 0) break;
        if (ph->words[0] == "like" && cue_at + 1 != i) break;
        int declared = DeclaredNear(first, cue_at);
        size_t hs = HeadStart(first, cue_at + 1);
        size_t he = i;
        while (he > hs && !IsWordTok(he - 1)) --he;
        Span head = he > hs ? Span{toks_[hs].span.begin, toks_[he - 1].span.end} : Span{};
        int min_items = (strength == 2 || declared > 0) ? 2 : 3;
        if (Forward(first, last, i + n, min_items, head, declared, false)) {
          i = consumed_.back().second - 1;
        }
        break;
      }
      case Kind::kFreeIntro:
      case Kind::kVerb: {
        Span head{toks_[i].span.begin, toks_[i + n - 1].span.end};
        if (ph->kind == Kind::kVerb) {
          size_t hs = i;
          // "We will be discussing": the subject's pronoun and auxiliaries.
          while (hs > first && hs + 4 > i && IsWordTok(hs - 1) &&
                 !toks_[hs - 1].capitalized) {
            const LowerWord w_lower(Word(hs - 1));
            const std::string_view w = w_lower.view();
            if (w != "will" && w != "be" && w != "been" && w != "would" && w != "also" &&
                w != "to" && w != "have" && w != "has") {
              break;
            }
            --hs;
          }
          if (hs > first && IsWordTok(hs - 1)) {
            const LowerWord w_lower(Word(hs - 1));
            const std::string_view w = w_lower.view();
            if (w == "we" || w == "they" || w == "i") --hs;
          }
          head = Span{toks_[hs].span.begin, toks_[i + n - 1].span.end};
        }
        // A cue-noun list right after ("focused on six areas: …") is left
        // to the cue.
        if (Forward(first, last, i + n, 3, head, -1, false)) {
          i = consumed_.back().second - 1;
        }
        break;
      }
      case Kind::kSubjectVerb: {
        int strength = 0;
        size_t cue_at = i;
        if (CueBefore(first, i, &strength, &cue_at) == 0) break;
        int declared = DeclaredNear(first, cue_at);
        size_t hs = HeadStart(first, cue_at + 1);
        Span head{toks_[hs].span.begin, toks_[cue_at].span.end};
        int min_items = (strength == 2 || declared > 0) ? 2 : 3;
        if (Forward(first, last, i + n, min_items, head, declared, false)) {
          i = consumed_.back().second - 1;
        }
        break;
      }
      case Kind::kCue:
      case Kind::kWeakCue: {
        const int strength = ph->kind == Kind::kCue ? 2 : 1;
        size_t after = i + n;
        // DeclaredNear(first, i), looked up on first use.
        int declared_memo = -2;
        auto declared = [&] {
          if (declared_memo == -2) declared_memo = DeclaredNear(first, i);
          return declared_memo;
        };
        // "six areas:", "three priority areas —", "is fivefold:".
        if (after < last && (IsSep(after, ":") || toks_[after].kind == TokenKind::kDash)) {
          Span head{toks_[HeadStart(first, i + 1)].span.begin, toks_[i].span.end};
          if (Forward(first, last, after + 1, 2, head, declared(), true)) {
            i = consumed_.back().second - 1;
            break;
          }
        }
        // "cooperation on A, B and C", "fields of A, B, C, and D" — unless an
        // introducer follows ("areas of common interest such as …").
        const char cue_end = Word(i).back();
        const bool plural_or_mass =
            ph->kind == Kind::kWeakCue || cue_end == 's' || cue_end == 'S';
        if (plural_or_mass && after + 1 < last && IsWordTok(after)) {
          const std::string_view prep = Word(after);
          if (EqualsLower(prep, "on") || EqualsLower(prep, "in") ||
              EqualsLower(prep, "of") || EqualsLower(prep, "across")) {
            bool intro_follows = false;
            for (size_t q = after + 1; q < last && q < after + 9; ++q) {
              const ListExtractor::Phrase* x = PhraseAt(q, last);
              if (x != nullptr && (x->kind == Kind::kIntro || x->kind == Kind::kCue ||
                                   x->kind == Kind::kWeakCue)) {
                intro_follows = true;
                break;
              }
              if (IsSep(q, ":")) {
                intro_follows = true;
                break;
              }
            }
            if (!intro_follows) {
              Span head{toks_[HeadStart(first, i + 1)].span.begin, toks_[i].span.end};
              int min_items = declared() > 0 ? 2 : 3;
              if (Forward(first, last, after + 1, min_items, head, declared(), false)) {
                i = consumed_.back().second - 1;
                break;
              }
            }
          }
        }
        // A series right before the cue: "A, B and C as key pillars",
        // "political, economic and military areas", "… being focus sectors".
        {
          size_t k = i;
          size_t skipped = 0;
          while (k > first && skipped < 3 && IsWordTok(k - 1)) {
            const LowerWord lower(Word(k - 1));
            const std::string_view w = lower.view();
            if (w == "as" || w == "being") {
              --k;
              break;
            }
            if (w == "and" || w == "or" || IsPreposition(w)) break;
            --k;
            ++skipped;
          }
          size_t end = k;
          bool linked = end < i && (EqualsLower(Word(end), "as") ||
                                    EqualsLower(Word(end), "being"));
          if (!linked) end = i;  // adjectival: the cue follows the last item
          // "A, B and AI cooperation as key pillars": the later cue owns it.
          bool later_cue = false;
          if (!linked && i + 1 < last) {
            const std::string_view nx = Word(i + 1);
            if (EqualsLower(nx, "as") || EqualsLower(nx, "being")) {
              for (size_t q = i + 2; q < last && q < i + 6; ++q) {
                const ListExtractor::Phrase* x = PhraseAt(q, last);
                if (x != nullptr && (x->kind == Kind::kCue || x->kind == Kind::kWeakCue)) {
                  later_cue = true;
                }
              }
            }
          }
          if (later_cue) break;
          if (end > first && !Consumed(end - 1)) {
            size_t head_b = linked ? end + 1 : i;
            Span head{toks_[head_b].span.begin, toks_[i].span.end};
            if (Backward(first, end, i, strength, head)) {
              (void)0;
            }
          }
        }
        break;
      }
      case Kind::kNumber: {
        // "The goal is fivefold: A; B; …".
        size_t after = i + n;
        if (after < last && IsSep(after, ":")) {
          Span head{toks_[first].span.begin, toks_[i].span.end};
          if (Forward(first, last, after + 1, 2, head, ph->value, true)) {
            i = consumed_.back().second - 1;
          }
        }
        break;
      }
      case Kind::kStop:
        break;
    }
    next = i + 1;
  }
}

void ListScanner::BulletBlock(size_t from, size_t to) {
  const std::vector<Paragraph>& paras = doc_.paragraphs();
  if (to - from < 2) return;
  // A heading right before: a headline, or a short line without final
  // punctuation, or a line ending with ':'.
  if (from == 0) return;
  size_t h = from - 1;
  while (h > 0 && paras[h].span.empty()) --h;
  const Paragraph& hp = paras[h];
  if (hp.is_boilerplate() || hp.kind == ParagraphKind::kBullet) return;
  std::string_view ht = doc_.Text(hp.span);
  while (!ht.empty() && (ht.back() == ' ' || ht.back() == '\t' || ht.back() == '\r')) {
    ht.remove_suffix(1);
  }
  if (ht.empty()) return;
  char lastc = ht.back();
  bool heading = hp.kind == ParagraphKind::kHeadline || lastc == ':' ||
                 (ht.size() < 120 && lastc != '.' && lastc != '"' && lastc != '!' &&
                  lastc != '?' && ht.substr(ht.size() >= 3 ? ht.size() - 3 : 0) != "\xE2\x80\x9D");
  if (!heading) return;
  std::vector<Span> items;
  for (size_t p = from; p < to; ++p) {
    Span s = paras[p].span;
    if (!paras[p].bullet_marker.empty()) s.begin = paras[p].bullet_marker.end;
    std::string_view t = doc_.Text(s);
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) {
      t.remove_prefix(1);
      ++s.begin;
    }
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r' ||
                          t.back() == '.' || t.back() == ';' || t.back() == ',')) {
      t.remove_suffix(1);
      --s.end;
    }
    if (!s.empty()) items.push_back(s);
  }
  if (items.size() < 2) return;
  // Head: the heading up to its colon.
  Span head = hp.span;
  size_t colon = ht.find(':');
  if (colon != std::string_view::npos && colon > 0) {
    head.end = head.begin + static_cast<uint32_t>(colon);
  } else {
    head.end = head.begin + static_cast<uint32_t>(ht.size());
  }
  EmitSpans(items, head, -1, -1);
}

void ListScanner::Run() {
  const std::vector<Paragraph>& paras = doc_.paragraphs();
  const std::vector<Sentence>& sents = doc_.sentences();
  size_t bullet_from = SIZE_MAX;
  for (size_t p = 0; p <= paras.size(); ++p) {
    bool bullet = p < paras.size() && paras[p].kind == ParagraphKind::kBullet &&
                  !paras[p].is_boilerplate();
    if (bullet && bullet_from == SIZE_MAX) bullet_from = p;
    if (!bullet && bullet_from != SIZE_MAX) {
      BulletBlock(bullet_from, p);
      bullet_from = SIZE_MAX;
    }
    if (p == paras.size()) break;
    const Paragraph& para = paras[p];
    if (para.is_boilerplate()) continue;
    for (uint32_t s = para.first_sentence; s < para.first_sentence + para.sentence_count;
         ++s) {
      const Sentence& sent = sents[s];
      ScanSentence(sent.first_token, sent.first_token + sent.token_count);
    }
  }
  // Text order; parents keep their index through the sort.
  std::vector<size_t> order(found_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return found_[a].span.begin < found_[b].span.begin;
  });
  std::vector<int> where(found_.size());
  const int base = static_cast<int>(out_->lists.size());
  for (size_t k = 0; k < order.size(); ++k) where[order[k]] = base + static_cast<int>(k);
  for (size_t k = 0; k < order.size(); ++k) {
    PriorityList l = found_[order[k]];
    if (l.parent >= 0) l.parent = where[l.parent];
    out_->lists.push_back(std::move(l));
  }
}

void ListExtractor::Extract(const Document& doc, const EntityIndex& entities,
                            const ArticleContext& context,
                            Extraction* out) const {
  (void)entities;
  (void)context;
  if (doc.tokens().empty()) return;
  ListScanner scanner(*this, doc, out);
  scanner.Run();
}

}  // namespace dipx::internal
