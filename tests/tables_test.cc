// Rule and word-list tables (src/data/tables.cc) and user DataFiles.
#include "data/tables.h"

#include <string>

#include "dipx/extractor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dipx::internal {
namespace {

using ::testing::HasSubstr;

TEST(TablesTest, BuiltinTablesParse) {
  absl::StatusOr<Tables> tables = Tables::Create({});
  ASSERT_TRUE(tables.ok()) << tables.status();
  for (const std::string& name : BuiltinTableNames()) {
    absl::StatusOr<const Table*> t = tables->Get(name);
    ASSERT_TRUE(t.ok()) << name;
    EXPECT_FALSE((*t)->columns().empty()) << name;
  }
}

TEST(TablesTest, UserRowsAreAdded) {
  DataFile f{"abbreviations", "my.tsv", "abbreviation\tkind\nAmb\ttitle\nGovr\ttitle\n"};
  absl::StatusOr<Tables> tables = Tables::Create({f});
  EXPECT_FALSE(tables.ok());  // "Amb" is built in: a duplicate
  EXPECT_THAT(std::string(tables.status().message()), HasSubstr("my.tsv:2"));
  EXPECT_THAT(std::string(tables.status().message()), HasSubstr("duplicate entry 'Amb'"));
  f.content = "abbreviation\tkind\nGovr\ttitle\n";
  tables = Tables::Create({f});
  ASSERT_TRUE(tables.ok()) << tables.status();
  const Table* t = *tables->Get("abbreviations");
  EXPECT_EQ(t->rows().back().cells[0], "Govr");
  EXPECT_EQ(t->rows().back().origin, "my.tsv");
  EXPECT_EQ(t->rows().back().line, 2);
}

TEST(TablesTest, ReplaceDropsBuiltinRows) {
  DataFile f{"abbreviations", "mine", "# only one\nabbreviation\tkind\nDr\ttitle\n", true};
  absl::StatusOr<Tables> tables = Tables::Create({f});
  ASSERT_TRUE(tables.ok());
  EXPECT_EQ((*tables->Get("abbreviations"))->rows().size(), 1u);
}

TEST(TablesTest, ErrorsNameFileAndLine) {
  auto error = [](DataFile f) {
    absl::StatusOr<Tables> t = Tables::Create({f});
    return t.ok() ? std::string() : std::string(t.status().message());
  };
  EXPECT_THAT(error({"no_such_table", "x.tsv", "a\n"}), HasSubstr("unknown table"));
  EXPECT_THAT(error({"abbreviations", "x.tsv", "abbreviation\tkind\textra\n"}),
              HasSubstr("x.tsv:1"));
  EXPECT_THAT(error({"abbreviations", "x.tsv", "abbreviation\tkind\nQq\ttitle\tmore\n"}),
              HasSubstr("x.tsv:2"));
  EXPECT_THAT(error({"abbreviations", "x.tsv", "\n\n"}), HasSubstr("no header"));
}

TEST(TablesTest, ExtractorValidatesUserData) {
  ExtractorOptions options;
  options.data_files.push_back({"boilerplate", "bp.tsv",
                                "name\tpattern\treason\tscope\nbad\t(unclosed\tsocial\tline\n"});
  absl::StatusOr<std::unique_ptr<Extractor>> e = Extractor::Create(options);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(e.status().message()), HasSubstr("bp.tsv:2"));
  options.data_files[0].content = "name\tpattern\treason\tscope\nok\tsponsored\tnowhere\tline\n";
  e = Extractor::Create(options);
  ASSERT_FALSE(e.ok());
  EXPECT_THAT(std::string(e.status().message()), HasSubstr("unknown reason"));
}

TEST(TablesTest, SplitList) {
  EXPECT_THAT(SplitList("says| said |saying||"),
              ::testing::ElementsAre("says", "said", "saying"));
}

}  // namespace
}  // namespace dipx::internal
