#include "CaptureServer.h"

#include "CaptureWorker.h"
#include "EventWriter.h"
#include "HistoryProbe.h"
#include "TlsCredentials.h"

#include <QCoreApplication>
#include <QLockFile>
#include <QThread>

#include <utility>

CaptureServer::CaptureServer(const ServerConfig& config, QObject* parent)
    : QObject(parent)
    , m_config(config)
{
}

CaptureServer::~CaptureServer()
{
    stop();
}

QString CaptureServer::url() const
{
    const QString host = m_config.address.protocol() == QAbstractSocket::IPv6Protocol
        ? QStringLiteral("[%1]").arg(m_config.address.toString())
        : m_config.address.toString();
    const QString scheme = m_config.usesTls() ? QStringLiteral("https") : QStringLiteral("http");
    return QStringLiteral("%1://%2:%3/").arg(scheme, host).arg(m_port);
}

bool CaptureServer::lockHistory(const QString& dbPath)
{
    m_lock = std::make_unique<QLockFile>(dbPath + QStringLiteral(".lock"));
    // Held for as long as capture runs, however long: never stale by age, only when its process
    // is gone (QLockFile checks the process id and name).
    m_lock->setStaleLockTime(0);
    if (m_lock->tryLock(0)) {
        return true;
    }
    qint64 pid = 0;
    QString host;
    QString application;
    switch (m_lock->error()) {
    case QLockFile::LockFailedError:
        m_historyInUse = true;
        m_lock->getLockInfo(&pid, &host, &application);
        m_error = tr("%1 is in use by another Hookscope (process %2): stop that one first, or use another history")
                      .arg(dbPath)
                      .arg(pid);
        break;
    case QLockFile::PermissionError:
        m_error = tr("cannot create the lock file %1.lock: permission denied").arg(dbPath);
        break;
    default:
        m_error = tr("cannot create the lock file %1.lock").arg(dbPath);
        break;
    }
    m_lock.reset();
    return false;
}

void CaptureServer::onEventsStored(const QList<qint64>& ids)
{
    if (!m_storeError.isEmpty()) {
        m_storeError.clear();
        emit storeRecovered();
    }
    emit eventsStored(ids);
}

void CaptureServer::onStoreFailed(const QString& error)
{
    if (m_storeError.isEmpty() && isRunning()) {
        m_storeError = error.isEmpty() ? tr("unknown error") : error;
        emit storeFailed(m_storeError);
    }
}

void CaptureServer::onRequestsRefused(const RefusalLog& latest)
{
    if (latest.isEmpty()) {
        return;
    }
    m_refusals.append(latest);
    emit requestsRefused(latest);
}

bool CaptureServer::start(const QString& dbPath)
{
    stop();
    m_error.clear();
    m_storeError.clear();
    m_historyInUse = false;
    m_dbPath = dbPath;
    QSslConfiguration tls;
    if (m_config.usesTls() && !TlsCredentials::load(m_config.tlsCertificatePath, m_config.tlsKeyPath, &tls, &m_error)) {
        return false;
    }
    if (!lockHistory(dbPath)) {
        return false;
    }
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("hookscope-capture"));
    // The writer's handler runs on the writer thread; the verdicts travel to the capture thread
    // as one queued call per group commit.
    m_writer = new EventWriter(dbPath, [this](IngestResults&& results) {
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker, results = std::move(results)] { worker->deliver(results); },
            Qt::QueuedConnection);
    });
    // Queued: the writer emits on its own thread.
    connect(m_writer, &EventWriter::eventsStored, this, &CaptureServer::onEventsStored);
    connect(m_writer, &EventWriter::storeFailed, this, &CaptureServer::onStoreFailed);
    m_worker = new CaptureWorker(m_config, m_writer, tls);
    // Queued: the worker emits on the capture thread.
    connect(m_worker, &CaptureWorker::requestsRefused, this, &CaptureServer::onRequestsRefused);
    m_worker->moveToThread(m_thread);
    m_thread->start();
    // Claim the port first (not accepting yet): a port in use must not leave a new, empty
    // history file behind. Senders that connect meanwhile wait in the listen backlog.
    bool listening = false;
    QString error;
    QMetaObject::invokeMethod(
        m_worker,
        [&] {
            listening = m_worker->startListening(&error);
            m_port = m_worker->serverPort();
            m_worker->pauseAccepting();
        },
        Qt::BlockingQueuedConnection);
    if (!listening) {
        m_error = tr("cannot listen on %1:%2: %3").arg(m_config.address.toString()).arg(m_config.port).arg(error);
        stop();
        return false;
    }
    // Checked on a connection of its own before the writer opens it: the writer may write (the
    // text index) as soon as it has, and a file refused here must stay as it was.
    if (!HistoryProbe::canCapture(dbPath, &m_error)) {
        stop();
        return false;
    }
    if (!m_writer->startAndOpen()) {
        m_error = m_writer->errorString();
        stop();
        return false;
    }
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->resumeAccepting(); }, Qt::BlockingQueuedConnection);
    m_announced = true;
    emit runningChanged(true);
    return true;
}

void CaptureServer::stop()
{
    if (!m_thread) {
        m_lock.reset(); // unlocks
        return;
    }
    if (m_worker) {
        QMetaObject::invokeMethod(
            m_worker, [w = m_worker] { w->stopAccepting(); }, Qt::BlockingQueuedConnection);
    }
    // Commit what has arrived; the verdicts are queued to the capture thread ahead of closeAll().
    m_writer->stopAndDrain();
    if (m_worker) {
        QThread* home = thread();
        RefusalLog unpublished;
        QMetaObject::invokeMethod(
            m_worker,
            [w = m_worker, home, &unpublished] {
                w->closeAll();
                w->close();
                unpublished = w->takeRefusals();
                w->moveToThread(home);
            },
            Qt::BlockingQueuedConnection);
        // Batches the worker published before these are still queued to us: they come first.
        QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
        onRequestsRefused(unpublished);
        delete m_worker;
        m_worker = nullptr;
    }
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    delete m_writer;
    m_writer = nullptr;
    m_lock.reset();
    m_storeError.clear();
    if (std::exchange(m_announced, false)) {
        emit runningChanged(false);
    }
}
