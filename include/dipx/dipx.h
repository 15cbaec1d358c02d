// dipx/dipx.h — umbrella header: include this to use dipx.
//
// dipx turns English diplomatic news into structured data: quotes and their
// speakers, priority lists, partnership levels and diplomatic events, each
// with byte spans into the article. Start with dipx::Extractor.
#ifndef DIPX_DIPX_H_
#define DIPX_DIPX_H_

#include "dipx/data_file.h"
#include "dipx/document.h"
#include "dipx/event.h"
#include "dipx/extraction.h"
#include "dipx/extractor.h"
#include "dipx/json.h"
#include "dipx/partnership.h"
#include "dipx/priority_list.h"
#include "dipx/quote.h"
#include "dipx/span.h"
#include "dipx/utf8.h"
#include "dipx/version.h"

#endif  // DIPX_DIPX_H_
