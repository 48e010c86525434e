#pragma once

#include <QByteArray>
#include <QString>

struct sqlite3;

/**
 * @brief The trigram index that makes the text filter fast: what goes into it and how it is asked.
 *
 * Schema 5 keeps an FTS5 table, events_text, with the trigram tokenizer (case_sensitive 0,
 * detail=none, contentless: it stores no copy of the text, only which events hold which three
 * characters). It is only a prefilter: EventFilter still checks every candidate with the exact
 * comparison of its documented semantics, so the index may find too much but must never miss.
 *
 * Why the index is fed searchable() text rather than the raw columns: FTS5's trigram tokenizer
 * stops at the first NUL byte and decodes bytes that are not UTF-8 greedily (a stray continuation
 * byte after a two-byte character changes that character), so raw bodies would lose matches. Valid UTF-8 with every NUL
 * and every invalid byte replaced keeps each valid character of the original where it was, so any
 * needle (valid UTF-8 from a QString) found in the bytes has all its trigrams in the index. Nor
 * can the table's own LIKE serve: Debian builds SQLite so that LIKE never matches a BLOB (a LIKE on
 * an external-content table over these columns finds nothing), LIKE stops at NUL, and '%' and '_'
 * would be wildcards. The filter asks with MATCH and quoted trigrams instead (matchExpression()).
 *
 * events_text_state holds one row: every event with an id up to indexed_up_to is in the index,
 * and nothing else is. Capture indexes lazily (EventWriter), so the newest events may not be in
 * it yet; the filter reads those directly.
 */
class TextIndex
{
public:
    /// The SQL function that turns a body or header block into the text the index holds.
    static constexpr const char* SearchableFunction = "hookscope_searchable";
    /// Needles shorter than this (in characters) have no trigram: the filter scans instead.
    static constexpr int MinNeedleLength = 3;
    /// At most this many trigrams of a long needle are looked up: each one narrows less than the
    /// one before, and each costs a lookup of its list of events.
    static constexpr int MaxTrigrams = 12;

    /// Registers SearchableFunction on @p db (each connection that writes the index needs it).
    static bool registerFunctions(sqlite3* db);

    /// @p bytes as valid UTF-8 for the tokenizer: every valid character kept in place, every NUL
    /// byte and every byte that is not part of a valid UTF-8 character replaced by U+FFFD.
    static QByteArray searchable(const QByteArray& bytes);

    /// The FTS5 MATCH expression that every event containing @p needle satisfies: its trigrams,
    /// each quoted, ANDed. A null string when the index cannot narrow the search (fewer than
    /// MinNeedleLength characters, or characters the index cannot hold: U+0000, lone surrogates).
    static QString matchExpression(const QString& needle);
};
