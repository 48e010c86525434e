#pragma once

#include "RefusalLog.h"
#include "ServerConfig.h"

#include <QObject>

#include <memory>

class CaptureWorker;
class QLockFile;
class EventWriter;
class QThread;

/**
 * @brief The capture endpoint: listens, reads requests on its own thread, stores them through
 * the writer thread, and answers each only after its event is committed.
 *
 * Start and stop it from one thread (the GUI or the command line's main thread); it never
 * blocks that thread except in start() and stop().
 *
 * One capture per history: while it runs it holds a lock file next to the history ("FILE.lock",
 * QLockFile, with the process id), so a second Hookscope capturing into the same file is refused
 * with a message that names the first. A lock left by a killed process is taken over.
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
    /// The last start() failed because another Hookscope is capturing into the same history.
    bool historyInUse() const { return m_historyInUse; }
    /// The history given to the last start().
    QString databasePath() const { return m_dbPath; }
    const ServerConfig& config() const { return m_config; }
    /// Takes effect at the next start().
    void setConfig(const ServerConfig& config) { m_config = config; }
    QHostAddress address() const { return m_config.address; }
    quint16 port() const { return m_port; }
    /// "http://127.0.0.1:8787/", "https://..." with TLS
    QString url() const;
    /// Listening where other machines can reach it (not a loopback address).
    bool listensBeyondLoopback() const { return !m_config.address.isLoopback(); }
    /// The last commit failed (each request since got 503), and none has worked since.
    bool isStoreFailing() const { return !m_storeError.isEmpty(); }
    QString storeError() const { return m_storeError; }
    /// Requests answered with an error (or closed) and not stored, since this object was made.
    const RefusalLog& refusals() const { return m_refusals; }

signals:
    void eventsStored(const QList<qint64>& ids);
    /// The history could not be written (disk full, I/O error): requests are answered 503 until
    /// storeRecovered(). Emitted once per failure, not once per failed commit.
    void storeFailed(const QString& error);
    /// A commit worked again after storeFailed().
    void storeRecovered();
    /// Requests were refused since the last emission (@p latest: how many, and the newest of them);
    /// refusals() has them all. A few emissions a second at most, however many are refused.
    void requestsRefused(const RefusalLog& latest);
    /// start() succeeded, or stop() ended a running capture.
    void runningChanged(bool running);

private:
    bool lockHistory(const QString& dbPath);
    void onEventsStored(const QList<qint64>& ids);
    void onStoreFailed(const QString& error);
    void onRequestsRefused(const RefusalLog& latest);

    ServerConfig m_config;
    quint16 m_port = 0;
    QString m_error;
    QString m_dbPath;
    EventWriter* m_writer = nullptr;
    QThread* m_thread = nullptr;
    CaptureWorker* m_worker = nullptr;
    std::unique_ptr<QLockFile> m_lock;
    QString m_storeError;
    RefusalLog m_refusals;
    bool m_historyInUse = false;
    bool m_announced = false; ///< runningChanged(true) was emitted, and not yet its false
};
