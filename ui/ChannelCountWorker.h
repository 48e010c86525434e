#pragma once

#include <QHash>
#include <QObject>
#include <QString>

#include <memory>

class EventStore;

/**
 * @brief Counts the events of each channel on a worker thread, through its own connection.
 *
 * ChannelCounter moves it to its thread and posts count(); the history is opened there, on first
 * use (and again when another history is asked for), so the connection belongs to that thread.
 */
class ChannelCountWorker : public QObject
{
    Q_OBJECT

public:
    ChannelCountWorker();
    ~ChannelCountWorker() override;

    /// Counts every channel of the history at @p dbPath (post it with a queued call); answers
    /// counted() or failed() with @p generation.
    void count(const QString& dbPath, quint64 generation);

signals:
    /// The events of each channel; "" holds those without a channel.
    void counted(quint64 generation, const QHash<QString, qint64>& counts);
    void failed(quint64 generation, const QString& error);

private:
    std::unique_ptr<EventStore> m_store;
};
