#pragma once

#include <QString>

#include <functional>

class Catalog;
class EventStore;
class QIODevice;
struct ImportedEvent;

/**
 * @brief Adds the events of an NDJSON or HAR export to a history, under new ids.
 *
 * Each event is checked, completed (path, content type, the envelope fields its source doesn't
 * carry, read from the body against the catalog) and inserted through EventStore, which marks
 * retries of keys already in the history. A line or entry that can't be an event is refused
 * with its reason and the rest goes on; nothing already stored changes. Inserts are committed
 * in batches, so that a `serve` capturing into the same history waits for one batch at most.
 */
class HistoryImporter
{
public:
    enum class Format { Ndjson, Har };
    /// Where a refused event was (its line in NDJSON, its entry in HAR, both from 1) and why.
    struct Refusal
    {
        qint64 where = 0;
        QString reason;
    };
    using RefusalHandler = std::function<void(const Refusal&)>;

    static constexpr int BatchEvents = 500;
    static constexpr qint64 BatchBytes = 32 * 1024 * 1024;

    HistoryImporter(EventStore& store, const Catalog& catalog);

    /// What @p in holds, from its first bytes (left unread): NDJSON (also an empty input) or HAR.
    /// False with @p error when it is neither.
    static bool detect(QIODevice& in, Format* format, QString* error);
    static QString formatName(Format format);

    /// Imports every event of @p in, telling @p refused about each one it refuses. False when
    /// the input could not be read or the history could not be written (errorString() says
    /// which); the events committed before then stay, and imported() counts them.
    bool run(QIODevice& in, Format format, const RefusalHandler& refused);
    qint64 imported() const { return m_imported; }
    qint64 refused() const { return m_refused; }
    QString errorString() const { return m_error; }

private:
    bool runNdjson(QIODevice& in, const RefusalHandler& refused);
    bool runHar(QIODevice& in, const RefusalHandler& refused);
    /// Stores @p imported, or refuses it (as at @p where); false only when the history failed.
    bool add(ImportedEvent& imported, qint64 where, const RefusalHandler& refused);
    void refuse(qint64 where, const QString& reason, const RefusalHandler& refused);
    bool commitBatch();

    EventStore& m_store;
    const Catalog& m_catalog;
    qint64 m_imported = 0;
    qint64 m_refused = 0;
    qint64 m_batchEvents = 0;
    qint64 m_batchBytes = 0;
    QString m_error;
};
