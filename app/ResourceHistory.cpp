#include "ResourceHistory.h"

#include "EventStore.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

ResourceHistory::Step ResourceHistory::stepOf(const QString& event)
{
    const QStringView action = QStringView(event).mid(event.lastIndexOf(QLatin1Char('.')) + 1);
    if (action == QLatin1String("created")) {
        return Step::Create;
    }
    if (action == QLatin1String("updated")) {
        return Step::Update;
    }
    if (action == QLatin1String("deleted")) {
        return Step::Delete;
    }
    return Step::Other;
}

void ResourceHistory::findLandmarks(const QList<EventSummary>& events, Landmarks& landmarks)
{
    for (const EventSummary& e : events) {
        if (e.duplicateOf > 0) {
            continue;
        }
        const Step step = stepOf(e.event);
        if (step == Step::Create && (landmarks.firstCreate == 0 || e.id < landmarks.firstCreate)) {
            landmarks.firstCreate = e.id;
        } else if (step == Step::Delete && (landmarks.firstDelete == 0 || e.id < landmarks.firstDelete)) {
            landmarks.firstDelete = e.id;
        }
    }
}

ResourceHistory ResourceHistory::fromSummaries(const QList<EventSummary>& events)
{
    Landmarks landmarks;
    findLandmarks(events, landmarks);
    return fromSummaries(events, landmarks);
}

ResourceHistory ResourceHistory::fromSummaries(const QList<EventSummary>& events, const Landmarks& landmarks)
{
    ResourceHistory history;
    history.total = events.size();
    qint64 previousStep = 0;
    bool anyStep = false;
    for (const EventSummary& e : events) {
        Entry entry;
        entry.event = e;
        entry.step = e.duplicateOf > 0 ? Step::Retry : stepOf(e.event);
        if (entry.step != Step::Retry) {
            // A retry is a redelivery of an earlier step: no rule applies to it.
            const qint64 create = landmarks.firstCreate;
            const qint64 del = landmarks.firstDelete;
            if (del != 0 && e.id > del) {
                entry.warnings.append({Warning::Kind::AfterDelete, del});
            } else if (entry.step == Step::Create && create != 0 && e.id > create) {
                entry.warnings.append({Warning::Kind::CreatedAgain, create});
            } else if (entry.step != Step::Create && create != 0 && e.id < create) {
                entry.warnings.append({Warning::Kind::BeforeCreate, create});
            }
            if (entry.step != Step::Create && anyStep) {
                entry.previousId = previousStep;
            }
            previousStep = e.id;
            anyStep = true;
        }
        history.entries.append(entry);
    }
    history.noCreate = landmarks.firstCreate == 0 && anyStep;
    return history;
}

void ResourceHistory::compareData(const std::function<QJsonValue(qint64)>& dataOf)
{
    qint64 previousId = 0;
    QJsonValue previous;
    for (Entry& entry : entries) {
        if (entry.step == Step::Retry) {
            continue;
        }
        const QJsonValue data = dataOf(entry.event.id);
        if (entry.previousId != 0 && entry.previousId == previousId) {
            if (previous.isUndefined() || data.isUndefined()) {
                entry.diff.outcome = JsonDiff::Outcome::TooLarge;
            } else {
                entry.diff = JsonDiff::values(previous, data, QStringLiteral("data"));
            }
        }
        previousId = entry.event.id;
        previous = data;
    }
}

QJsonValue ResourceHistory::dataOf(const QByteArray& body)
{
    if (body.size() > JsonDiff::MaxBodyBytes) {
        return QJsonValue(QJsonValue::Undefined);
    }
    return QJsonDocument::fromJson(body).object().value(QLatin1String("data"));
}

ResourceHistory ResourceHistory::load(EventStore& store, qint64 id, int limit)
{
    const StoredEvent event = store.event(id);
    const QList<qint64> ids = store.resourceHistory(id);
    const qsizetype at = ids.indexOf(id);
    ResourceHistory history;
    if (at >= 0) {
        // The window of at most limit events, centred on the one asked about where there is room.
        const qsizetype first = std::clamp<qsizetype>(at - limit / 2, 0, std::max<qsizetype>(ids.size() - limit, 0));
        const QList<EventSummary> window = store.summaries(ids.mid(first, limit));
        Landmarks landmarks;
        findLandmarks(window, landmarks);
        // Outside the window only the landmarks matter: the rest is read in pages, bodies left in
        // SQLite. A delete after the window concerns none of its events; a create there does.
        const auto scan = [&](qsizetype from, qsizetype to) {
            for (qsizetype page = from; page < to; page += limit) {
                findLandmarks(store.summaries(ids.mid(page, std::min<qsizetype>(limit, to - page))), landmarks);
            }
        };
        scan(0, first);
        if (landmarks.firstCreate == 0) {
            scan(first + window.size(), ids.size());
        }
        history = fromSummaries(window, landmarks);
        history.total = ids.size();
        history.firstIndex = first;
        history.resourceId = event.resourceId;
        history.compareData([&store](qint64 stepId) { return dataOf(store.event(stepId).body); });
    }
    history.channel = event.channel;
    return history;
}
