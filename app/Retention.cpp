#include "Retention.h"

#include "RetentionWorker.h"

#include <QThread>
#include <QTimer>

Retention::Retention(QObject* parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_worker(new RetentionWorker)
    , m_timer(new QTimer(this))
{
    m_thread->setObjectName(QStringLiteral("hookscope-retention"));
    m_worker->moveToThread(m_thread);
    // The worker's EventStore must close on the thread that opened it.
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &RetentionWorker::eventsRemoved, this, &Retention::eventsRemoved);
    connect(m_worker, &RetentionWorker::passFinished, this, &Retention::passFinished);
    connect(m_worker, &RetentionWorker::failed, this, &Retention::failed);
    m_timer->setInterval(DefaultIntervalMs);
    connect(m_timer, &QTimer::timeout, this, &Retention::runNow);
    m_thread->start();
}

Retention::~Retention()
{
    m_thread->quit();
    m_thread->wait();
}

void Retention::setPolicy(const QString& dbPath, const RetentionPolicy& policy)
{
    m_dbPath = dbPath;
    m_policy = policy;
    if (policy.isOff()) {
        m_timer->stop();
    } else {
        m_timer->start();
    }
    runNow();
}

void Retention::setInterval(int ms)
{
    m_timer->setInterval(ms);
}

void Retention::runNow()
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, path = m_dbPath, policy = m_policy] { worker->run(path, policy); },
        Qt::QueuedConnection);
}
