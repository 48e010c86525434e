#include "CatalogCounter.h"

#include <QTimer>

#include <algorithm>
#include <utility>

CatalogCounter::CatalogCounter(QObject* parent)
    : QObject(parent)
    , m_worker(new CatalogWorker)
    , m_delay(new QTimer(this))
{
    m_thread.setObjectName(QStringLiteral("catalog counts"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &CatalogWorker::counted, this, &CatalogCounter::counted);
    connect(m_worker, &CatalogWorker::countFailed, this, &CatalogCounter::failed);
    connect(m_worker, &CatalogWorker::sampled, this, [this](quint64 generation, const ShapeSample& sample) {
        if (generation == m_sampleGeneration) {
            emit sampled(sample);
        }
    });
    connect(m_worker, &CatalogWorker::sampleFailed, this, [this](quint64 generation, const QString& error) {
        if (generation == m_sampleGeneration) {
            emit sampleFailed(error);
        }
    });
    m_thread.start();
    m_delay->setSingleShot(true);
    connect(m_delay, &QTimer::timeout, this, &CatalogCounter::post);
}

CatalogCounter::~CatalogCounter()
{
    m_thread.quit();
    m_thread.wait();
}

QString CatalogCounter::keyOf(const CatalogCount& c)
{
    return c.channel + QLatin1Char('\n') + c.action + QLatin1Char('\n') + c.environment;
}

void CatalogCounter::open(const QString& dbPath)
{
    m_dbPath = dbPath;
    m_counts.clear();
    m_counted = false;
    ++m_sampleGeneration;
    refresh();
}

void CatalogCounter::sample(const QString& channel, const QString& action)
{
    if (m_dbPath.isEmpty()) {
        return;
    }
    const quint64 generation = ++m_sampleGeneration;
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, path = m_dbPath, channel, action, generation] {
            worker->sample(path, channel, action, SampleSize, generation);
        },
        Qt::QueuedConnection);
}

void CatalogCounter::eventsStored()
{
    if (m_delay->isActive()) {
        return;
    }
    const qint64 since = m_lastPost.isValid() ? m_lastPost.elapsed() : RefreshIntervalMs;
    m_delay->start(static_cast<int>(std::max<qint64>(0, RefreshIntervalMs - since)));
}

void CatalogCounter::refresh()
{
    m_delay->stop();
    // Everything again: answers of counts begun before are dropped.
    ++m_generation;
    m_countedUpTo = 0;
    if (m_busy) {
        m_againNow = true;
        return;
    }
    post();
}

void CatalogCounter::post()
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
        m_worker,
        [worker = m_worker, path = m_dbPath, after = m_countedUpTo, generation = m_generation] {
            worker->count(path, after, generation);
        },
        Qt::QueuedConnection);
}

void CatalogCounter::counted(quint64 generation, qint64 afterId, const QList<CatalogCount>& counts)
{
    if (generation == m_generation) {
        const bool whole = afterId == 0;
        if (whole) {
            m_counts.clear();
        }
        for (const CatalogCount& c : counts) {
            CatalogCount& total = m_counts[keyOf(c)];
            if (total.count == 0) {
                total = c;
            } else {
                total.count += c.count;
                total.lastSeenMs = std::max(total.lastSeenMs, c.lastSeenMs);
                total.lastId = std::max(total.lastId, c.lastId);
            }
            m_countedUpTo = std::max(m_countedUpTo, c.lastId);
        }
        m_counted = true;
        m_error.clear();
        emit countsChanged(whole);
    }
    finished();
}

void CatalogCounter::failed(quint64 generation, const QString& error)
{
    if (generation == m_generation) {
        m_error = error;
    }
    finished();
}

void CatalogCounter::finished()
{
    m_busy = false;
    if (std::exchange(m_againNow, false)) {
        m_again = false;
        post();
    } else if (std::exchange(m_again, false)) {
        eventsStored();
    }
}
