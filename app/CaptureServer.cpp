#include "CaptureServer.h"

#include "CaptureWorker.h"
#include "EventWriter.h"

#include <QThread>

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
    return QStringLiteral("http://%1:%2/").arg(host).arg(m_port);
}

bool CaptureServer::start(const QString& dbPath)
{
    stop();
    m_error.clear();
    m_dbPath = dbPath;
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("hookscope-capture"));
    // The writer's handler runs on the writer thread; the verdicts travel to the capture thread
    // as one queued call per group commit.
    m_writer = new EventWriter(dbPath, [this](IngestResults&& results) {
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker, results = std::move(results)] { worker->deliver(results); },
            Qt::QueuedConnection);
    });
    connect(m_writer, &EventWriter::eventsStored, this, &CaptureServer::eventsStored);
    connect(m_writer, &EventWriter::storeFailed, this, &CaptureServer::storeFailed);
    m_worker = new CaptureWorker(m_config, m_writer);
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
    if (!m_writer->startAndOpen()) {
        m_error = m_writer->errorString();
        stop();
        return false;
    }
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->resumeAccepting(); }, Qt::BlockingQueuedConnection);
    return true;
}

void CaptureServer::stop()
{
    if (!m_thread) {
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
        QMetaObject::invokeMethod(
            m_worker,
            [w = m_worker, home] {
                w->closeAll();
                w->close();
                w->moveToThread(home);
            },
            Qt::BlockingQueuedConnection);
        delete m_worker;
        m_worker = nullptr;
    }
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    delete m_writer;
    m_writer = nullptr;
}
