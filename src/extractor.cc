// The pipeline: text → Document → entities → quotes → lists →
// partnerships → events.
#include "dipx/extractor.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "data/gazetteer.h"
#include "data/tables.h"
#include "document/document_builder.h"
#include "extractors/entities.h"
#include "extractors/event.h"
#include "extractors/list.h"
#include "extractors/partnership.h"
#include "extractors/quote.h"

namespace dipx {
namespace internal {

struct Pipeline {
  ExtractorOptions options;
  std::unique_ptr<Tables> tables;
  std::unique_ptr<DocumentRules> document_rules;
  std::unique_ptr<Gazetteer> gazetteer;
  std::unique_ptr<EntityRecognizer> entities;
  std::unique_ptr<QuoteExtractor> quotes;
  std::unique_ptr<ListExtractor> lists;
  std::unique_ptr<PartnershipExtractor> partnerships;
  std::unique_ptr<EventExtractor> events;
};

}  // namespace internal

const char* QuoteKindName(QuoteKind kind) {
  switch (kind) {
    case QuoteKind::kDirect: return "direct";
    case QuoteKind::kPartial: return "partial";
    case QuoteKind::kIndirect: return "indirect";
  }
  return "direct";
}

const char* PartnershipStatusName(PartnershipStatus status) {
  switch (status) {
    case PartnershipStatus::kCurrent: return "current";
    case PartnershipStatus::kPast: return "past";
    case PartnershipStatus::kProposed: return "proposed";
  }
  return "current";
}

const char* EventTypeName(EventType type) {
  switch (type) {
    case EventType::kMeeting: return "meeting";
    case EventType::kVisit: return "visit";
    case EventType::kDialogue: return "dialogue";
    case EventType::kSummit: return "summit";
    case EventType::kCall: return "call";
    case EventType::kAgreement: return "agreement";
    case EventType::kStatement: return "statement";
  }
  return "meeting";
}

const char* EventStatusName(EventStatus status) {
  switch (status) {
    case EventStatus::kHeld: return "held";
    case EventStatus::kPlanned: return "planned";
    case EventStatus::kProposed: return "proposed";
  }
  return "held";
}

absl::StatusOr<std::unique_ptr<Extractor>> Extractor::Create(
    const ExtractorOptions& options) {
  if (options.max_article_bytes == 0 ||
      options.max_article_bytes > size_t{0xFFFFFFFF}) {
    return absl::InvalidArgumentError(
        "max_article_bytes must be between 1 and 4294967295");
  }
  if (options.max_quote_bytes == 0) {
    return absl::InvalidArgumentError("max_quote_bytes must be positive");
  }
  if (options.max_list_items < 2) {
    return absl::InvalidArgumentError("max_list_items must be at least 2");
  }
  auto p = std::make_unique<internal::Pipeline>();
  p->options = options;
  absl::StatusOr<internal::Tables> tables =
      internal::Tables::Create(options.data_files);
  if (!tables.ok()) return tables.status();
  p->tables = std::make_unique<internal::Tables>(*std::move(tables));

  auto document_rules = internal::DocumentRules::Create(*p->tables);
  if (!document_rules.ok()) return document_rules.status();
  p->document_rules = *std::move(document_rules);
  auto gazetteer = internal::Gazetteer::Create(*p->tables);
  if (!gazetteer.ok()) return gazetteer.status();
  p->gazetteer = *std::move(gazetteer);
  auto entities = internal::EntityRecognizer::Create(*p->tables, *p->gazetteer);
  if (!entities.ok()) return entities.status();
  p->entities = *std::move(entities);

  const ExtractorOptions& o = p->options;
  auto quotes = internal::QuoteExtractor::Create(*p->tables, *p->gazetteer, o);
  if (!quotes.ok()) return quotes.status();
  p->quotes = *std::move(quotes);
  auto lists = internal::ListExtractor::Create(*p->tables, *p->gazetteer, o);
  if (!lists.ok()) return lists.status();
  p->lists = *std::move(lists);
  auto partnerships =
      internal::PartnershipExtractor::Create(*p->tables, *p->gazetteer, o);
  if (!partnerships.ok()) return partnerships.status();
  p->partnerships = *std::move(partnerships);
  auto events = internal::EventExtractor::Create(*p->tables, *p->gazetteer, o);
  if (!events.ok()) return events.status();
  p->events = *std::move(events);
  return std::unique_ptr<Extractor>(new Extractor(std::move(p)));
}

Extractor::Extractor(std::unique_ptr<internal::Pipeline> pipeline)
    : pipeline_(std::move(pipeline)) {}

Extractor::~Extractor() = default;

const ExtractorOptions& Extractor::options() const { return pipeline_->options; }

absl::StatusOr<Extraction> Extractor::Extract(
    std::string_view text, const ArticleContext& context) const {
  DocumentOptions doc_options;
  doc_options.max_bytes = pipeline_->options.max_article_bytes;
  doc_options.repair_utf8 = pipeline_->options.repair_utf8;
  absl::StatusOr<Document> doc = internal::DocumentBuilder::Build(
      text, doc_options, *pipeline_->document_rules);
  if (!doc.ok()) return doc.status();
  Extraction out = Extract(*doc, context);
  if (doc->text().data() != text.data()) {
    // Spans index into the repaired copy, which dies with `doc`.
    out.repaired_text = std::string(doc->text());
  }
  return out;
}

Extraction Extractor::Extract(const Document& doc,
                              const ArticleContext& context) const {
  const internal::Pipeline& p = *pipeline_;
  Extraction out;
  out.repaired_sequences = doc.repaired_sequences();
  if (doc.dateline()) {
    out.dateline = doc.dateline()->span;
    out.dateline_place = doc.dateline()->place;
    out.dateline_date = doc.dateline()->date;
  }
  for (const Paragraph& para : doc.paragraphs()) {
    if (para.is_boilerplate()) out.boilerplate.push_back(para.span);
  }
  ArticleContext ctx = context;
  if (ctx.publication_date.empty()) ctx.publication_date = p.options.publication_date;
  internal::EntityIndex entities;
  p.entities->Recognize(doc, &entities);
  if (p.options.quotes) p.quotes->Extract(doc, entities, ctx, &out);
  if (p.options.lists) p.lists->Extract(doc, entities, ctx, &out);
  if (p.options.partnerships) p.partnerships->Extract(doc, entities, ctx, &out);
  if (p.options.events) p.events->Extract(doc, entities, ctx, &out);
  return out;
}

}  // namespace dipx
