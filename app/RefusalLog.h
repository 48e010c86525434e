#pragma once

#include "Refusal.h"

#include <QList>

/**
 * A count of refusals and the most recent of them, oldest first. Bounded whatever arrives: a flood
 * of bad requests costs a counter and Capacity entries, never more.
 */
class RefusalLog
{
public:
    static constexpr qsizetype Capacity = 50;

    void add(const Refusal& refusal);
    /// Adds what @p later counted and kept (refusals that came after this log's).
    void append(const RefusalLog& later);
    void clear();

    /// Every refusal added, kept or not.
    quint64 total() const { return m_total; }
    /// The last Capacity refusals at most, oldest first.
    const QList<Refusal>& recent() const { return m_recent; }
    bool isEmpty() const { return m_total == 0; }

private:
    void trim();

    quint64 m_total = 0;
    QList<Refusal> m_recent;
};
