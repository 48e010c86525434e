#pragma once

#include "KeyCopies.h"
#include "ResourceHistory.h"

#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

class EventStore;

/**
 * @brief Reads an event's copies (KeyCopies) and its resource's history (ResourceHistory) on a
 * thread of its own, with its own connection to the history file.
 *
 * Both are index lookups, but they read bodies (a conflict's two, each step's data) and diff
 * them, which for large bodies or a long history is more than the window's thread should wait
 * for. Only the newest request is answered: one that a newer request replaced before it started
 * is skipped, and the answers of a replaced one are dropped.
 */
class RelatedEventsLoader : public QObject
{
    Q_OBJECT

public:
    explicit RelatedEventsLoader(QObject* parent = nullptr);
    ~RelatedEventsLoader() override;

    /// The history to read (an existing file); none until set.
    void setHistoryPath(const QString& path) { m_path = path; }
    QString historyPath() const { return m_path; }

    /// Reads event @p id's copies, then its resource's history; answers copiesLoaded(), then
    /// resourceLoaded(), or failed().
    void request(qint64 id);
    /// Drops every answer still to come.
    void cancel();

signals:
    void copiesLoaded(const KeyCopies& copies);
    void resourceLoaded(qint64 id, const ResourceHistory& history);
    void failed(const QString& error);

private:
    /// The thread's store for @p path, opened on first use; null with @p error when it can't be.
    EventStore* store(const QString& path, QString* error);
    /// Runs @p answer on this object's thread, unless the request @p generation was replaced.
    template<typename F> void answer(quint64 generation, F&& answer);

    QString m_path;
    QThread m_thread;
    QObject* m_context; ///< lives on m_thread: requests run as its queued calls
    std::unique_ptr<EventStore> m_store; ///< used on m_thread only
    QString m_storePath; ///< m_store's file (m_thread only)
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic<quint64>> m_latest; ///< m_generation, for the thread to read
};
