#include "ChannelCounter.h"

#include "ChannelCountWorker.h"

#include <QTimer>

#include <algorithm>
#include <utility>

ChannelCounter::ChannelCounter(QObject* parent)
    : QObject(parent)
    , m_worker(new ChannelCountWorker)
    , m_delay(new QTimer(this))
{
    m_thread.setObjectName(QStringLiteral("channel counts"));
    m_worker->moveToThread(&m_thread);
    // Deleted on its own thread, which closes its connection there.
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &ChannelCountWorker::counted, this, &ChannelCounter::counted);
    connect(m_worker, &ChannelCountWorker::failed, this, &ChannelCounter::failed);
    m_thread.start();
    m_delay->setSingleShot(true);
    connect(m_delay, &QTimer::timeout, this, &ChannelCounter::post);
}

ChannelCounter::~ChannelCounter()
{
    m_thread.quit();
    m_thread.wait();
}

void ChannelCounter::open(const QString& dbPath)
{
    m_dbPath = dbPath;
    ++m_generation;
    m_counts.clear();
    refresh();
}

void ChannelCounter::eventsStored()
{
    if (m_delay->isActive()) {
        return;
    }
    // The first arrival after a quiet spell is counted at once, a stream at the interval.
    const qint64 since = m_lastPost.isValid() ? m_lastPost.elapsed() : RefreshIntervalMs;
    m_delay->start(static_cast<int>(std::max<qint64>(0, RefreshIntervalMs - since)));
}

void ChannelCounter::refresh()
{
    m_delay->stop();
    if (m_busy) {
        m_againNow = true;
        return;
    }
    post();
}

void ChannelCounter::post()
{
    if (m_dbPath.isEmpty()) {
        return;
    }
    if (m_busy) {
        m_again = true;
        return;
    }
    m_busy = true;
    m_lastPost.start();
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, path = m_dbPath, generation = m_generation] { worker->count(path, generation); },
        Qt::QueuedConnection);
}

void ChannelCounter::counted(quint64 generation, const QHash<QString, qint64>& counts)
{
    if (generation == m_generation) {
        m_counts = counts;
        m_error.clear();
        emit countsChanged(m_counts);
    }
    finished();
}

void ChannelCounter::failed(quint64 generation, const QString& error)
{
    if (generation == m_generation) {
        m_error = error;
    }
    finished();
}

void ChannelCounter::finished()
{
    m_busy = false;
    if (std::exchange(m_againNow, false)) {
        m_again = false;
        post();
    } else if (std::exchange(m_again, false)) {
        eventsStored();
    }
}
