#include "ExportJob.h"

#include "EventStore.h"
#include "FixtureWriter.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QTemporaryDir>

#include <algorithm>

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("ExportJob", text);
}

} // namespace

ExportJob::Result ExportJob::run(EventStore& store, const Request& request, const Progress& progress)
{
    return request.format == ExportWriter::Format::Fixtures ? toFolder(store, request, progress)
                                                            : toFile(store, request, progress);
}

qint64 ExportJob::write(
    EventStore& store, const Request& request, ExportWriter& writer, const Progress& progress, Result* result)
{
    const qint64 total = request.selection ? request.ids.size() : store.count(request.filter);
    bool stopped = false;
    const auto step = [&](qint64 written) {
        stopped = !progress(written, total);
        return !stopped;
    };
    if (!request.selection) {
        const qint64 written = ExportWriter::writeAll(store, request.filter, writer, step, &result->error);
        result->cancelled = stopped;
        if (stopped) {
            result->error.clear();
        }
        return written;
    }
    // The selection, oldest first, one event in memory at a time.
    QList<qint64> ids = request.ids;
    std::sort(ids.begin(), ids.end());
    if (!writer.begin()) {
        result->error = writer.errorString();
        return -1;
    }
    qint64 written = 0;
    for (const qint64 id : std::as_const(ids)) {
        const StoredEvent event = store.event(id);
        if (event.id == 0) {
            continue; // deleted since it was selected
        }
        if (!writer.write(event)) {
            result->error = writer.errorString();
            return -1;
        }
        if (!step(++written)) {
            result->cancelled = true;
            return -1;
        }
    }
    if (!writer.finish()) {
        result->error = writer.errorString();
        return -1;
    }
    return written;
}

ExportJob::Result ExportJob::toFile(EventStore& store, const Request& request, const Progress& progress)
{
    Result result;
    const QFileInfo output(request.path);
    if (output.exists() && output.canonicalFilePath() == QFileInfo(request.historyPath).canonicalFilePath()) {
        result.error = tr("%1 is the history itself.").arg(request.path);
        return result;
    }
    // QSaveFile writes next to the file and renames it over the file at commit(): until then (and
    // when cancelled) the file is as it was, or absent.
    QSaveFile out(request.path);
    if (!out.open(QIODevice::WriteOnly)) {
        result.error = tr("%1: %2").arg(request.path, out.errorString());
        return result;
    }
    const std::unique_ptr<ExportWriter> writer = ExportWriter::toDevice(request.format, out);
    const qint64 written = write(store, request, *writer, progress, &result);
    if (written < 0) {
        out.cancelWriting();
        return result;
    }
    if (!out.commit()) {
        result.error = tr("%1: %2").arg(request.path, out.errorString());
        return result;
    }
    result.written = written;
    return result;
}

ExportJob::Result ExportJob::toFolder(EventStore& store, const Request& request, const Progress& progress)
{
    Result result;
    const QFileInfo folder(request.path);
    if (folder.exists() && !folder.isDir()) {
        result.error = tr("%1 is not a folder.").arg(request.path);
        return result;
    }
    const bool created = !folder.exists();
    if (created && !QDir().mkdir(request.path)) {
        result.error = tr("%1: the folder can't be created (does its parent exist?).").arg(request.path);
        return result;
    }
    const QDir dir(request.path);
    bool written = false;
    {
        // Written into a hidden folder inside, then moved into place: a cancelled export leaves no file.
        QTemporaryDir staging(dir.filePath(QStringLiteral(".hookscope-export-XXXXXX")));
        if (!staging.isValid()) {
            result.error = tr("%1: %2").arg(request.path, staging.errorString());
        } else {
            FixtureWriter writer(staging.path());
            const qint64 count = write(store, request, writer, progress, &result);
            if (count >= 0) {
                written = true;
                result.written = count;
                const QDir from(staging.path());
                for (const QString& name : from.entryList(QDir::Files | QDir::Hidden)) {
                    const QString to = dir.filePath(name);
                    if (QFileInfo(to).isSymLink()) {
                        result.error = tr("%1: a symbolic link is in the way; not followed.").arg(to);
                        break;
                    }
                    if ((QFileInfo::exists(to) && !QFile::remove(to)) || !QFile::rename(from.filePath(name), to)) {
                        result.error = tr("%1: can't be replaced.").arg(to);
                        break;
                    }
                }
            }
        }
    }
    if (!written && created) {
        QDir().rmdir(request.path);
    }
    return result;
}
