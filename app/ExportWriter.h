#pragma once

#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

class EventFilter;
class EventStore;
class QIODevice;
struct StoredEvent;

/**
 * @brief One export format: gets the events one at a time, oldest first, and writes them out.
 *
 * writeAll() streams a history through a writer (one event in memory at a time), for the command
 * line and the window alike. A writer's output is complete only once finish() returned true.
 */
class ExportWriter
{
public:
    enum class Format { Ndjson, JsonArray, Csv, Har, Fixtures };

    virtual ~ExportWriter();

    /// The --format names, in the order help lists them: ndjson, json, csv, har, fixtures.
    static QStringList formatNames();
    /// The format called @p name; false when there is none.
    static bool formatFromName(const QString& name, Format* format);
    /// A writer of @p format to @p out (not for Fixtures, which writes files into a folder).
    static std::unique_ptr<ExportWriter> toDevice(Format format, QIODevice& out);

    /// Writes every event of @p store that @p filter lets through with @p writer, from begin() to
    /// finish(); @p progress (when set) hears the number written after each event and stops the
    /// export by returning false. Returns the number written, or -1 with @p error set (and then
    /// the output is not complete).
    static qint64 writeAll(EventStore& store, const EventFilter& filter, ExportWriter& writer,
        const std::function<bool(qint64 written)>& progress, QString* error);

    /// Before the first event: a header row, an opening bracket.
    virtual bool begin() { return true; }
    virtual bool write(const StoredEvent& event) = 0;
    /// After the last event: a closing bracket.
    virtual bool finish() { return true; }
    /// What went wrong, for the user, once a step returned false.
    QString errorString() const { return m_error; }

protected:
    bool fail(const QString& error);
    /// Writes @p bytes to @p out whole; false with the error set when it can't.
    bool put(QIODevice& out, const QByteArray& bytes);

private:
    QString m_error;
};
