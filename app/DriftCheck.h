#pragma once

#include "LearnedShape.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QSet>

/**
 * @brief Schema drift: learns the shape of each catalog channel event's `data` from the first
 * events received (LearningEvents of them), then flags every event whose shape differs, with
 * exactly what changed ("shape: data.amount is a number (expected string); data.notes is new").
 * A flagged event is not learned from: its change is flagged again until the user accepts it.
 *
 * Shared by the capture thread (check(), at capture, like ResponseScript) and the window; every
 * method may be called from any thread. ShapeKeeper loads it from the history and saves what it
 * learns there (takeChanged()).
 */
class DriftCheck
{
public:
    static constexpr int DefaultLearningEvents = 20;

    /// Events of a channel event learned from before its shape is checked (1: the first one is the shape).
    void setLearningEvents(int events);
    int learningEvents() const;

    /// The problem of webhook @p body of channel event @p channel . @p action ("shape: ..."), or
    /// an empty string: it fits, it was learned from, or it is no catalog event with a data object.
    QString check(const QString& channel, const QString& action, const QByteArray& body);

    /// Takes @p shape in as expected for its channel event (accepting an event's shape).
    void accept(const QString& channel, const QString& action, const DataShape& shape);
    /// Forgets what was learned of a channel event: its next events are learned from again.
    void forget(const QString& channel, const QString& action);
    /// Replaces everything with @p shapes, read from the history at @p historyPath (empty: from
    /// none); nothing is left to save.
    void load(const QList<LearnedShape>& shapes, const QString& historyPath = {});
    /// The history the shapes were last loaded from (what was learned since is on top of them).
    QString historyPath() const;

    /// What is expected of a channel event (events 0: nothing learned yet).
    LearnedShape shape(const QString& channel, const QString& action) const;
    /// The shapes changed since the last call, to save (events 0: forgotten).
    QList<LearnedShape> takeChanged();

private:
    struct Entry
    {
        LearnedShape shape;
        QSet<QByteArray> fits; ///< skeletons (DataShape::skeleton) of bodies that fit the shape
    };
    static QString keyOf(const QString& channel, const QString& action);
    /// Learns or checks @p shape; the lock is held.
    QString checkLocked(const QString& key, const QString& channel, const QString& action, const DataShape& shape,
        const QByteArray& skeleton);
    void changedLocked(const QString& key);

    mutable QMutex m_mutex;
    QHash<QString, Entry> m_entries; ///< by "channel.action"
    QSet<QString> m_changed;
    QString m_historyPath;
    int m_learningEvents = DefaultLearningEvents;
};
