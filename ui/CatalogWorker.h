#pragma once

#include "CatalogCount.h"
#include "DataShape.h"
#include "LearnedShape.h"

#include <QList>
#include <QObject>

#include <memory>

class EventStore;

/// What the history holds of one channel event's data: its newest events' fields, counted.
struct ShapeSample
{
    LearnedShape fields; ///< every field of the sampled events; events = how many were sampled
    DataShape newest; ///< the shape of the newest event (empty when there is none)
    bool complete = false; ///< every event of the channel event was sampled (fewer than the limit)
};

/**
 * @brief The catalog view's history reads, on CatalogCounter's thread through its own connection:
 * counts per channel event and environment (the whole history, then only new ids), and samples of
 * a channel event's data shapes. The history is opened there, on first use.
 */
class CatalogWorker : public QObject
{
    Q_OBJECT

public:
    CatalogWorker();
    ~CatalogWorker() override;

    /// Counts the events above @p afterId of the history at @p dbPath; answers counted() or countFailed().
    void count(const QString& dbPath, qint64 afterId, quint64 generation);
    /// Reads the newest @p limit events of @p channel . @p action; answers sampled() or sampleFailed().
    void sample(const QString& dbPath, const QString& channel, const QString& action, int limit, quint64 generation);

signals:
    void counted(quint64 generation, qint64 afterId, const QList<CatalogCount>& counts);
    void sampled(quint64 generation, const ShapeSample& sample);
    void countFailed(quint64 generation, const QString& error);
    void sampleFailed(quint64 generation, const QString& error);

private:
    /// Opens @p dbPath unless it is open; the reason when it can't be.
    QString use(const QString& dbPath);

    std::unique_ptr<EventStore> m_store;
};
