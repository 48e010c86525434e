#pragma once

#include <QLatin1String>
#include <QStringList>
#include <QVariantList>

/**
 * @brief Which events of the history to show or export: the one place that turns a filter into SQL.
 *
 * The window's table and timeline, `hookscope export` and its command line all filter through
 * toSql(), so that the same filter finds the same events everywhere. Every field narrows the
 * result; an empty list or string, or a 0 time, leaves that field open.
 *
 * In channels, actions and environments the empty string stands for "absent": the event has no
 * channel / action / environment (not an envelope, no or a malformed "event", no "environment").
 * The envelope never stores an empty channel or action, so "" cannot collide with a real one.
 */
class EventFilter
{
public:
    /// In environments: no environment, or one that is neither staging nor production.
    static constexpr QLatin1String OtherEnvironment {"other"};

    /// How toSql() looks for the text: through the text index (see TextIndex), checking what it
    /// finds exactly, or by reading every body and header block (the reference the index must match).
    enum class TextSearch { Indexed, Scan };

    /// The WHERE fragment and its positional ('?') values, in order.
    struct Sql
    {
        /// An SQL expression over the events table, never empty ("1" when nothing is filtered): a
        /// conjunction of parenthesised terms, so it can be ANDed with more conditions as it is.
        QString where;
        QVariantList values;
    };

    QStringList channels; ///< any of these (exact); "" = no channel
    QStringList actions; ///< any of these (exact); "" = no action
    QStringList environments; ///< any of these (exact); "" = none, OtherEnvironment = none or unknown
    /// In the body or the header block ("Name: value" lines), as UTF-8 bytes, case-insensitive for
    /// ASCII letters only; every character, '%' and '_' included, matches itself.
    QString text;
    qint64 since = 0; ///< received_at >= since (ms since the epoch, UTC); 0 = open
    qint64 until = 0; ///< received_at < until; 0 = open
    bool duplicatesOnly = false; ///< only retries (duplicate_of set)
    bool problemsOnly = false; ///< only events whose envelope has problems
    QString method; ///< exact, case-sensitive as in HTTP (RFC 9110 9.1)
    QString pathContains; ///< a substring of the path as received (bytes, case-sensitive)

    bool isEmpty() const;
    bool operator==(const EventFilter& other) const;
    bool operator!=(const EventFilter& other) const { return !(*this == other); }

    /// The filter as SQL. @p afterId: the caller asks only for events with an id above it (and adds
    /// that bound itself); the text search then reads only that part of its index.
    Sql toSql(qint64 afterId = 0, TextSearch search = TextSearch::Indexed) const;
};
