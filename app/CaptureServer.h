#pragma once

#include "ServerConfig.h"

#include <QObject>

class CaptureWorker;
class EventWriter;
class QThread;

/**
 * @brief The capture endpoint: listens, reads requests on its own thread, stores them through
 * the writer thread, and answers each only after its event is committed.
 *
 * Start and stop it from one thread (the GUI or the command line's main thread); it never
 * blocks that thread except in start() and stop().
 */
class CaptureServer : public QObject
{
    Q_OBJECT

public:
    explicit CaptureServer(const ServerConfig& config, QObject* parent = nullptr);
    ~CaptureServer() override;

    /// Opens the history at @p dbPath and starts listening; false with errorString() when either fails.
    bool start(const QString& dbPath);
    /// Stops accepting, commits and answers what has arrived, then ends both threads.
    void stop();
    bool isRunning() const { return m_worker != nullptr; }

    QString errorString() const { return m_error; }
    /// The history given to the last start().
    QString databasePath() const { return m_dbPath; }
    const ServerConfig& config() const { return m_config; }
    /// Takes effect at the next start().
    void setConfig(const ServerConfig& config) { m_config = config; }
    QHostAddress address() const { return m_config.address; }
    quint16 port() const { return m_port; }
    /// "http://127.0.0.1:8787/"
    QString url() const;

signals:
    void eventsStored(const QList<qint64>& ids);
    void storeFailed(const QString& error);

private:
    ServerConfig m_config;
    quint16 m_port = 0;
    QString m_error;
    QString m_dbPath;
    EventWriter* m_writer = nullptr;
    QThread* m_thread = nullptr;
    CaptureWorker* m_worker = nullptr;
};
