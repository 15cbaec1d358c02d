#include "extractors/entities.h"

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "data/gazetteer.h"
#include "data/tables.h"
#include "dipx/data_file.h"
#include "dipx/document.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "simdjson.h"
#include "test_util.h"

namespace dipx::internal {
namespace {

using ::testing::IsEmpty;
using ::testing::Not;

class EntitiesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<Tables> tables = Tables::Create({});
    ASSERT_TRUE(tables.ok()) << tables.status();
    tables_ = new Tables(std::move(*tables));
    absl::StatusOr<std::unique_ptr<Gazetteer>> gaz = Gazetteer::Create(*tables_);
    ASSERT_TRUE(gaz.ok()) << gaz.status();
    gazetteer_ = gaz->release();
    absl::StatusOr<std::unique_ptr<EntityRecognizer>> rec =
        EntityRecognizer::Create(*tables_, *gazetteer_);
    ASSERT_TRUE(rec.ok()) << rec.status();
    recognizer_ = rec->release();
  }

  // Recognises `text` (kept alive in text_).
  const EntityIndex& Run(std::string text) {
    text_ = std::move(text);
    absl::StatusOr<Document> doc = Document::Create(text_);
    EXPECT_TRUE(doc.ok()) << doc.status();
    doc_.emplace(std::move(*doc));
    recognizer_->Recognize(*doc_, &index_);
    return index_;
  }

  std::string_view At(Span s) const { return s.In(text_); }

  // The mention covering the first byte of the first occurrence of
  // `surface` at or after `from`, or nullptr.
  const Mention* MentionOf(std::string_view surface, size_t from = 0) const {
    size_t at = text_.find(surface, from);
    if (at == std::string::npos) return nullptr;
    return index_.MentionAt(static_cast<uint32_t>(at));
  }
  const Entity* EntityOf(std::string_view surface, size_t from = 0) const {
    const Mention* m = MentionOf(surface, from);
    if (m == nullptr || m->entity < 0) return nullptr;
    return &index_.entities[m->entity];
  }
  const Entity* Person(std::string_view name) const {
    for (const Entity& e : index_.entities) {
      if (e.kind == EntityKind::kPerson && e.name == name) return &e;
    }
    return nullptr;
  }
  std::string Dump() const {
    std::string s;
    for (const Mention& m : index_.mentions) {
      s += "[" + std::string(At(m.span)) + "] -> ";
      s += m.entity >= 0 ? index_.entities[m.entity].name : "-";
      s += "\n";
    }
    return s;
  }

  static Tables* tables_;
  static Gazetteer* gazetteer_;
  static EntityRecognizer* recognizer_;
  std::string text_;
  std::optional<Document> doc_;
  EntityIndex index_;
};

Tables* EntitiesTest::tables_ = nullptr;
Gazetteer* EntitiesTest::gazetteer_ = nullptr;
EntityRecognizer* EntitiesTest::recognizer_ = nullptr;

TEST_F(EntitiesTest, TitledNameGetsRoleAndAffiliation) {
  Run("Brazil's Foreign Minister Helena Caldeira Santos met her Kenyan counterpart "
      "in Nairobi on Tuesday.\n");
  const Entity* p = Person("Helena Caldeira Santos");
  ASSERT_NE(p, nullptr) << Dump();
  EXPECT_EQ(p->role, "Foreign Minister");
  EXPECT_EQ(p->affiliation, "Brazil");
  const Mention* m = MentionOf("Helena");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(At(m->name), "Helena Caldeira Santos");
  EXPECT_EQ(At(m->span), "Brazil's Foreign Minister Helena Caldeira Santos");
}

TEST_F(EntitiesTest, SurnameMentionsLinkToFullestName) {
  Run("Foreign Minister Arturo Velasquez arrived in Lima on Monday.\n"
      "Velasquez said the visit would open a new chapter.\n"
      "Later, Velasquez told reporters that talks had gone well.\n");
  const Entity* p = Person("Arturo Velasquez");
  ASSERT_NE(p, nullptr) << Dump();
  EXPECT_EQ(p->mentions.size(), 3u) << Dump();
  EXPECT_EQ(EntityOf("Velasquez said"), p);
}

TEST_F(EntitiesTest, SurnameBeforeFullNameStillLinks) {
  Run("Halvorsen hails Nordic ties\n"
      "Norwegian Prime Minister Ingrid Halvorsen said on Friday that cooperation "
      "was growing.\n");
  const Entity* p = Person("Ingrid Halvorsen");
  ASSERT_NE(p, nullptr) << Dump();
  EXPECT_EQ(EntityOf("Halvorsen hails"), p) << Dump();
  EXPECT_EQ(p->affiliation, "Norway");
}

TEST_F(EntitiesTest, InitialsWithAndWithoutPeriod) {
  Run("External Affairs Minister R. Venkataraman held talks in Canberra.\n"
      "Minister R Venkataraman later met business leaders.\n");
  const Entity* p = Person("R. Venkataraman");
  ASSERT_NE(p, nullptr) << Dump();
  EXPECT_EQ(p->role, "External Affairs Minister");
  EXPECT_EQ(p->affiliation, "India");  // the title belongs to India
  EXPECT_EQ(p->mentions.size(), 2u) << Dump();
}

TEST_F(EntitiesTest, ReorderedFamilyNameFirstLinks) {
  Run("Foreign Minister Haruki Tanabe of Japan met his Indian counterpart.\n"
      "The Indian minister wrote: \"Glad to meet FM Tanabe Haruki today.\"\n");
  const Entity* p = Person("Haruki Tanabe");
  ASSERT_NE(p, nullptr) << Dump();
  EXPECT_EQ(EntityOf("Tanabe Haruki"), p) << Dump();
  EXPECT_EQ(p->affiliation, "Japan");
}

TEST_F(EntitiesTest, KoreanAndChineseNames) {
  Run("South Korean Foreign Minister Park Min-jun held talks with Chinese Foreign "
      "Minister Liu Wen in Beijing.\n"
      "Park said both sides agreed to meet again.\n");
  const Entity* park = Person("Park Min-jun");
  const Entity* liu = Person("Liu Wen");
  ASSERT_NE(park, nullptr) << Dump();
  ASSERT_NE(liu, nullptr) << Dump();
  EXPECT_EQ(park->affiliation, "South Korea");
  EXPECT_EQ(liu->affiliation, "China");
  EXPECT_EQ(EntityOf("Park said"), park);
  const Mention* group = MentionOf("both sides");
  ASSERT_NE(group, nullptr);
  EXPECT_EQ(group->kind, MentionKind::kGroup);
}

TEST(EntitiesUserDataTest, OneWordGroupPhrases) {
  // A group phrase of one word, also the start of a longer one.
  DataFile extra;
  extra.table = "person_words";
  extra.origin = "extra.tsv";
  extra.content = "word\ttype\tgender\neveryone\tgroup\t\neveryone present\tgroup\t\n";
  absl::StatusOr<Tables> tables = Tables::Create({extra});
  ASSERT_TRUE(tables.ok()) << tables.status();
  absl::StatusOr<std::unique_ptr<Gazetteer>> gaz = Gazetteer::Create(*tables);
  ASSERT_TRUE(gaz.ok()) << gaz.status();
  absl::StatusOr<std::unique_ptr<EntityRecognizer>> rec =
      EntityRecognizer::Create(*tables, **gaz);
  ASSERT_TRUE(rec.ok()) << rec.status();
  const std::string text =
      "Everyone agreed on the plan.\nLater everyone present signed it, and everyone's "
      "view was heard.\n";
  absl::StatusOr<Document> doc = Document::Create(text);
  ASSERT_TRUE(doc.ok()) << doc.status();
  EntityIndex index;
  (*rec)->Recognize(*doc, &index);
  std::vector<std::string_view> groups;
  for (const Mention& m : index.mentions) {
    if (m.kind == MentionKind::kGroup) groups.push_back(m.span.In(text));
  }
  // (A possessive is looked up with its "'s", which no phrase has.)
  EXPECT_THAT(groups, ::testing::ElementsAre("Everyone", "everyone present"));
}

TEST_F(EntitiesTest, RoleAliasResolvesToPersonWithThatRole) {
  Run("President Amara Diallo welcomed the delegation in Dakar.\n"
      "Prime Minister Jules Mbeki also attended.\n"
      "The president said the agreement would create jobs.\n"
      "The Senegalese president later thanked the visitors, and the Chancellor "
      "did not comment.\n");
  const Mention* alias = MentionOf("The president");
  ASSERT_NE(alias, nullptr) << Dump();
  EXPECT_EQ(alias->kind, MentionKind::kRoleAlias);
  ASSERT_GE(alias->entity, 0) << Dump();
  EXPECT_EQ(index_.entities[alias->entity].name, "Amara Diallo");
  const Entity* p = EntityOf("The Senegalese president");
  ASSERT_NE(p, nullptr) << Dump();
  EXPECT_EQ(p->name, "Amara Diallo");
  const Mention* chancellor = MentionOf("the Chancellor");
  ASSERT_NE(chancellor, nullptr) << Dump();
  EXPECT_EQ(chancellor->kind, MentionKind::kRoleAlias);
  EXPECT_EQ(chancellor->entity, -1);
}

TEST_F(EntitiesTest, AcronymRoleAliasAndGenericMinister) {
  Run("EAM Vikram Raghavan arrived in Cairo on Sunday.\n"
      "The EAM said India valued its ties with Egypt. The minister added that "
      "trade had doubled.\n");
  const Entity* p = Person("Vikram Raghavan");
  ASSERT_NE(p, nullptr) << Dump();
  EXPECT_EQ(EntityOf("The EAM"), p) << Dump();
  EXPECT_EQ(EntityOf("The minister"), p) << Dump();
}

TEST_F(EntitiesTest, DemonymGivesCountryForRoleAliasMatching) {
  Run("Kenyan President Daniel Mwangi and Ugandan President Grace Okello met in Kampala.\n"
      "The Kenyan president said the road project would start next year.\n");
  const Entity* p = EntityOf("The Kenyan president");
  ASSERT_NE(p, nullptr) << Dump();
  EXPECT_EQ(p->name, "Daniel Mwangi");
  EXPECT_EQ(p->affiliation, "Kenya");
  EXPECT_EQ(Person("Grace Okello")->affiliation, "Uganda");
}

TEST_F(EntitiesTest, AppositiveRoleAndOfCountry) {
  Run("Lars Eriksen, the foreign minister of Denmark, said the Arctic must stay peaceful.\n");
  const Entity* p = Person("Lars Eriksen");
  ASSERT_NE(p, nullptr) << Dump();
  EXPECT_EQ(p->role, "Foreign Minister");
  EXPECT_EQ(p->affiliation, "Denmark");
  EXPECT_EQ(EntityOf("the foreign minister"), p);
}

TEST_F(EntitiesTest, SubjectOfSpeechVerbIsAPerson) {
  Run("\"We are ready to talk,\" Okonkwo said on Monday.\n"
      "Okonkwo also said the border would reopen.\n");
  const Entity* p = Person("Okonkwo");
  ASSERT_NE(p, nullptr) << Dump();
  EXPECT_EQ(p->mentions.size(), 2u);
}

TEST_F(EntitiesTest, ParticlesAndSuffixes) {
  Run("Crown Prince Faisal bin Khalid received the envoy in Riyadh.\n"
      "President Ramon Santos Jr. said the deal was fair.\n"
      "Dutch Foreign Minister Pieter van der Berg said talks would resume.\n");
  EXPECT_NE(Person("Faisal bin Khalid"), nullptr) << Dump();
  EXPECT_NE(Person("Ramon Santos Jr."), nullptr) << Dump();
  const Entity* p = Person("Pieter van der Berg");
  ASSERT_NE(p, nullptr) << Dump();
  EXPECT_EQ(p->affiliation, "Netherlands");
}

TEST_F(EntitiesTest, HonorificSetsGender) {
  Run("Ms. Adjoa Mensah, the Minister for Foreign Affairs, addressed the envoys.\n"
      "Mr. Kwame Boateng thanked her.\n");
  const Entity* p = Person("Adjoa Mensah");
  ASSERT_NE(p, nullptr) << Dump();
  EXPECT_EQ(p->gender, Gender::kFemale);
  EXPECT_EQ(p->role, "Foreign Minister");
  ASSERT_NE(Person("Kwame Boateng"), nullptr);
  EXPECT_EQ(Person("Kwame Boateng")->gender, Gender::kMale);
}

TEST_F(EntitiesTest, PronounGenderFromSolePerson) {
  Run("Foreign Minister Tomas Lindqvist arrived on Monday. He said his visit "
      "would focus on trade.\n");
  const Entity* p = Person("Tomas Lindqvist");
  ASSERT_NE(p, nullptr) << Dump();
  EXPECT_EQ(p->gender, Gender::kMale);
  const Mention* he = MentionOf("He");
  ASSERT_NE(he, nullptr);
  EXPECT_EQ(he->kind, MentionKind::kPronoun);
  EXPECT_EQ(he->gender, Gender::kMale);
  EXPECT_EQ(he->entity, -1);
}

TEST_F(EntitiesTest, CountriesMetonymsAndOrganisations) {
  Run("Japan on Friday said it would join the talks. Tokyo and New Delhi agreed to "
      "cooperate within the Quad and at the G20 Summit.\n"
      "The India-Japan partnership was discussed at ASEAN meetings.\n");
  const Entity* japan = EntityOf("Japan on");
  ASSERT_NE(japan, nullptr) << Dump();
  EXPECT_EQ(japan->kind, EntityKind::kCountry);
  EXPECT_EQ(EntityOf("Tokyo"), japan);
  ASSERT_NE(EntityOf("New Delhi"), nullptr);
  EXPECT_EQ(EntityOf("New Delhi")->name, "India");
  ASSERT_NE(EntityOf("Quad"), nullptr);
  EXPECT_EQ(EntityOf("Quad")->kind, EntityKind::kOrganization);
  ASSERT_NE(EntityOf("G20 Summit"), nullptr);
  EXPECT_EQ(EntityOf("G20 Summit")->name, "G20 Summit");
  // Both halves of a hyphenated pair.
  size_t pair = text_.find("India-Japan");
  ASSERT_NE(EntityOf("India", pair), nullptr) << Dump();
  EXPECT_EQ(EntityOf("India", pair)->name, "India");
  ASSERT_NE(EntityOf("Japan", pair), nullptr) << Dump();
  EXPECT_EQ(EntityOf("Japan", pair), japan);
  const Mention* it = MentionOf("it would");
  ASSERT_NE(it, nullptr);
  EXPECT_EQ(it->kind, MentionKind::kPronoun);
}

TEST_F(EntitiesTest, CapitalAfterPrepositionIsAPlace) {
  Run("The ministers met in Hanoi on Tuesday.\n");
  EXPECT_EQ(MentionOf("Hanoi"), nullptr) << Dump();
}

TEST_F(EntitiesTest, MinistryOrganisationAndTheMinistry) {
  Run("According to a statement from Peru's Ministry of Foreign Affairs, the "
      "visit was a success.\n"
      "The ministry said further talks were planned.\n");
  const Entity* org = EntityOf("Ministry of Foreign Affairs");
  ASSERT_NE(org, nullptr) << Dump();
  EXPECT_EQ(org->kind, EntityKind::kOrganization);
  EXPECT_EQ(org->name, "Peru's Ministry of Foreign Affairs");
  EXPECT_EQ(org->affiliation, "Peru");
  EXPECT_EQ(EntityOf("The ministry"), org) << Dump();
}

TEST_F(EntitiesTest, SpokespersonWithMinistryAndDemonym) {
  Run("Thai Foreign Ministry spokesperson Nattapong Srisuk told reporters the "
      "talks were useful. The spokesperson added that a date was not set.\n");
  const Entity* p = Person("Nattapong Srisuk");
  ASSERT_NE(p, nullptr) << Dump();
  EXPECT_EQ(p->affiliation, "Thailand");
  EXPECT_EQ(p->category, "spokesperson");
  EXPECT_EQ(EntityOf("The spokesperson"), p);
}

TEST_F(EntitiesTest, TextualOrganisationName) {
  Run("The official Lanka News Agency reported that the treaty was signed.\n");
  const Entity* org = EntityOf("Lanka News Agency");
  ASSERT_NE(org, nullptr) << Dump();
  EXPECT_EQ(org->kind, EntityKind::kOrganization);
  EXPECT_EQ(org->name, "Lanka News Agency");
}

TEST_F(EntitiesTest, CommonCapitalisedWordsAreNotPeople) {
  Run("The Special Strategic and Global Partnership will deepen Indo-Pacific "
      "security, the Joint Statement said.\n");
  for (const Entity& e : index_.entities) {
    EXPECT_NE(e.kind, EntityKind::kPerson) << e.name;
  }
}

TEST_F(EntitiesTest, MentionsSortedAndDisjoint) {
  Run("President Li Wei met Prime Minister Anna Berg. He said she was welcome. "
      "The two leaders spoke. Berg said Sweden and China would cooperate.\n");
  ASSERT_THAT(index_.mentions, Not(IsEmpty()));
  for (size_t i = 1; i < index_.mentions.size(); ++i) {
    EXPECT_LE(index_.mentions[i - 1].span.end, index_.mentions[i].span.begin);
  }
  for (size_t e = 0; e < index_.entities.size(); ++e) {
    for (int m : index_.entities[e].mentions) {
      EXPECT_EQ(index_.mentions[m].entity, static_cast<int>(e));
    }
  }
  EXPECT_EQ(index_.FirstMentionAtOrAfter(0), 0u);
  EXPECT_EQ(index_.MentionAt(index_.mentions[0].span.begin), &index_.mentions[0]);
}

// The recogniser reuses its buffers from one article to the next: nothing
// may carry over. The second article alone must come out the same whether
// or not the first (with the same names, countries and bodies, in other
// roles) ran before it on this thread.
TEST_F(EntitiesTest, NothingCarriesOverBetweenArticles) {
  const std::string second =
      "Velasquez met Japan's Foreign Ministry in Tokyo. ASEAN welcomed the talks.\n";
  Run(second);
  std::string alone = Dump();
  size_t alone_entities = index_.entities.size();
  Run("Foreign Minister Arturo Velasquez of Peru spoke for the Vietnam News "
      "Agency. India, Japan and ASEAN signed. The Foreign Ministry agreed.\n");
  ASSERT_NE(Person("Arturo Velasquez"), nullptr) << Dump();
  Run(second);
  EXPECT_EQ(Dump(), alone);
  EXPECT_EQ(index_.entities.size(), alone_entities);
  EXPECT_EQ(Person("Arturo Velasquez"), nullptr) << Dump();
}

TEST_F(EntitiesTest, LongInputStaysLinear) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "the minister said Mr. Ola Nordmann of Norway. ";
  text += "\n";
  const EntityIndex& index = Run(text);
  EXPECT_EQ(index.entities.size(), 2u);  // the person and the country
}

// --- Shared data: gold speakers that are people must be found. ------------

struct GoldArticle {
  std::string id;
  std::string text;
  std::vector<std::string> people;        // gold person speakers
  std::vector<std::string> participants;  // gold event participants (people)
};

bool LooksLikeBody(std::string_view speaker) {
  for (std::string_view w : {"Ministry", "Department", "Agency", "News", "America",
                             "government", "Government", "service", "Office",
                             "both"}) {
    if (speaker.find(w) != std::string_view::npos) return true;
  }
  return false;
}

std::string_view LastToken(std::string_view s) {
  while (!s.empty() && (s.back() == '.' || s.back() == ' ')) s.remove_suffix(1);
  size_t sp = s.rfind(' ');
  return sp == std::string_view::npos ? s : s.substr(sp + 1);
}

std::vector<GoldArticle> ReadGold(const Gazetteer& gaz) {
  std::vector<GoldArticle> out;
  std::string dir = dipx::testing::SharedDir();
  absl::flat_hash_map<std::string, std::string> texts;
  for (dipx::testing::Article& a :
       dipx::testing::ReadArticles(dir + "/devset/articles.jsonl")) {
    texts[a.id] = std::move(a.text);
  }
  for (std::string file : {dir + "/seeds/gold.jsonl", dir + "/devset/gold.jsonl"}) {
    std::optional<std::string> gold = dipx::testing::ReadFile(file);
    if (!gold) continue;
    simdjson::dom::parser parser;
    size_t pos = 0;
    while (pos < gold->size()) {
      size_t nl = gold->find('\n', pos);
      if (nl == std::string::npos) nl = gold->size();
      std::string line = gold->substr(pos, nl - pos);
      pos = nl + 1;
      simdjson::dom::element root;
      if (line.empty() || parser.parse(line).get(root) != simdjson::SUCCESS) continue;
      GoldArticle g;
      std::string_view id;
      if (root["id"].get_string().get(id) != simdjson::SUCCESS) continue;
      g.id = std::string(id);
      auto it = texts.find(g.id);
      if (it != texts.end()) {
        g.text = it->second;
      } else {
        std::optional<std::string> t = dipx::testing::ReadFile(dir + "/seeds/" + g.id + ".txt");
        if (!t) continue;
        g.text = *t;
      }
      simdjson::dom::array quotes;
      if (root["quotes"].get_array().get(quotes) == simdjson::SUCCESS) {
        for (simdjson::dom::element q : quotes) {
          std::string_view sp;
          if (q["speaker"].get_string().get(sp) != simdjson::SUCCESS) continue;
          if (gaz.Find(sp).hit != GazetteerHit::kNone || LooksLikeBody(sp)) continue;
          std::string s(sp);
          if (std::find(g.people.begin(), g.people.end(), s) == g.people.end()) {
            g.people.push_back(s);
          }
        }
      }
      simdjson::dom::array events;
      if (root["events"].get_array().get(events) == simdjson::SUCCESS) {
        for (simdjson::dom::element e : events) {
          simdjson::dom::array parts;
          if (e["participants"].get_array().get(parts) != simdjson::SUCCESS) continue;
          for (simdjson::dom::element p : parts) {
            std::string_view name;
            if (p.get_string().get(name) != simdjson::SUCCESS) continue;
            if (gaz.Find(name).hit != GazetteerHit::kNone || LooksLikeBody(name)) continue;
            if (name.find(' ') == std::string_view::npos && name.size() < 3) continue;
            std::string n(name);
            if (std::find(g.participants.begin(), g.participants.end(), n) ==
                g.participants.end()) {
              g.participants.push_back(n);
            }
          }
        }
      }
      out.push_back(std::move(g));
    }
  }
  return out;
}

TEST_F(EntitiesTest, SharedGoldSpeakersAreFound) {
  DIPX_REQUIRE_SHARED();
  std::vector<GoldArticle> gold = ReadGold(*gazetteer_);
  ASSERT_FALSE(gold.empty());
  int total = 0, found = 0;
  for (const GoldArticle& g : gold) {
    Run(g.text);
    for (const std::string& speaker : g.people) {
      ++total;
      std::string_view surname = LastToken(speaker);
      bool ok = false;
      for (const Entity& e : index_.entities) {
        if (e.kind == EntityKind::kPerson && LastToken(e.name) == surname) ok = true;
      }
      if (ok) {
        ++found;
      } else {
        std::printf("  missed speaker %s: %s\n", g.id.c_str(), speaker.c_str());
      }
    }
  }
  double recall = total == 0 ? 0 : static_cast<double>(found) / total;
  std::printf("gold person speakers found: %d/%d (recall %.3f)\n", found, total, recall);
  EXPECT_GE(recall, 0.85);
  // Event participants (people and a few bodies named in the text): a
  // softer floor, they include loose descriptions.
  int ptotal = 0, pfound = 0;
  for (const GoldArticle& g : gold) {
    if (g.participants.empty()) continue;
    Run(g.text);
    for (const std::string& name : g.participants) {
      ++ptotal;
      std::string_view surname = LastToken(name);
      bool ok = false;
      for (const Entity& e : index_.entities) {
        if (LastToken(e.name) == surname) ok = true;
      }
      if (ok) {
        ++pfound;
      } else {
        std::printf("  missed participant %s: %s\n", g.id.c_str(), name.c_str());
      }
    }
  }
  double precall = ptotal == 0 ? 0 : static_cast<double>(pfound) / ptotal;
  std::printf("gold event participants found: %d/%d (recall %.3f)\n", pfound, ptotal, precall);
  EXPECT_GE(precall, 0.7);
}

}  // namespace
}  // namespace dipx::internal
