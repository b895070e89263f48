// StandardAnalyzer: the Analyzer behind TextIndex, modelled on Anserini's default English
// analyzer (Lucene's StandardTokenizer → EnglishPossessiveFilter → LowerCaseFilter → StopFilter
// → PorterStemFilter), so that BM25 figures are comparable with published Anserini runs.
//
// Segmentation follows the word rules of UAX #29 that matter for retrieval: a word is a run of
// letters, marks, digits and connector punctuation ('_'); an apostrophe, '.', ':' or U+2019
// between two letters, and '.', ',', ';' or an apostrophe between two digits, stay inside the
// word ("don't", "u.s.a", "3.14", "1,000"). Han ideographs and Hiragana are one token each, as
// StandardTokenizer emits them. A trailing "'s" (any apostrophe, any case) is dropped.
// Tokens are case-folded with NFKC_Casefold (ASCII takes a fast path), stop words (Lucene's 33
// EnglishAnalyzer.ENGLISH_STOP_WORDS_SET) are dropped when enabled, and the rest go through
// the Snowball stemmer named in the options (libstemmer; "none" keeps the folded form).
//
// Thread-safety: ForEachTerm/Terms are safe from many threads; libstemmer's stemmers are not,
// so each thread keeps its own stemmer per algorithm (and a small cache of recent stems).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "index/text/text_index.h"

namespace strata::index {

class StandardAnalyzer final : public Analyzer {
 public:
  /// InvalidArgument naming the stemmer when libstemmer has no such algorithm.
  static Result<std::unique_ptr<StandardAnalyzer>> Open(const TextIndexOptions& options);

  void Terms(std::string_view text, std::vector<std::string>* terms) const override;

  /// Call fn(term) for each term of `text` in order; `term` is valid only during the call.
  template <typename Fn>
  void ForEachTerm(std::string_view text, Fn&& fn) const {
    ForEachTermImpl(text, FunctionRef(fn));
  }

 private:
  /// A non-owning callable reference (cheaper than std::function on the per-token path).
  struct FunctionRef {
    template <typename Fn>
    explicit FunctionRef(Fn& fn)
        : object(&fn), call([](void* o, std::string_view t) { (*static_cast<Fn*>(o))(t); }) {}
    void operator()(std::string_view t) const { call(object, t); }
    void* object;
    void (*call)(void*, std::string_view);
  };

  StandardAnalyzer(std::string stemmer, bool stopwords)
      : stemmer_(std::move(stemmer)), stopwords_(stopwords) {}
  void ForEachTermImpl(std::string_view text, FunctionRef fn) const;

  std::string stemmer_;  // libstemmer algorithm, empty for none
  bool stopwords_;
};

/// True for the 33 words of Lucene's EnglishAnalyzer.ENGLISH_STOP_WORDS_SET.
bool IsEnglishStopWord(std::string_view word);

}  // namespace strata::index
