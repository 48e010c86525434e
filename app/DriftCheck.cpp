#include "DriftCheck.h"

#include "Catalog.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

// Bodies of one channel event with different skeletons (lists of other lengths, optional fields)
// are remembered up to this many; then the cache starts again, so memory stays bounded.
constexpr qsizetype MaxSkeletons = 256;

} // namespace

void DriftCheck::setLearningEvents(int events)
{
    QMutexLocker lock(&m_mutex);
    m_learningEvents = qMax(1, events);
}

int DriftCheck::learningEvents() const
{
    QMutexLocker lock(&m_mutex);
    return m_learningEvents;
}

QString DriftCheck::keyOf(const QString& channel, const QString& action)
{
    return channel + QLatin1Char('.') + action;
}

QString DriftCheck::check(const QString& channel, const QString& action, const QByteArray& body)
{
    if (!Catalog::builtIn().offers(channel, action)) {
        return {};
    }
    const QString key = keyOf(channel, action);
    // A body whose skeleton fitted before fits again: no parse. Envelope::parse read the body
    // already, but keeps no tree; parsing it again for every event cost the capture thread (see
    // tests/bench/README.md), and a provider sends the same few skeletons over and over.
    const QByteArray skeleton = DataShape::skeleton(body);
    {
        QMutexLocker lock(&m_mutex);
        const auto it = m_entries.constFind(key);
        if (it != m_entries.constEnd() && !skeleton.isNull() && it->fits.contains(skeleton)) {
            return {};
        }
    }
    const QJsonValue data = QJsonDocument::fromJson(body).object().value(QLatin1String("data"));
    if (!data.isObject()) {
        return {}; // the envelope says so already
    }
    const DataShape shape = DataShape::of(data.toObject());
    QMutexLocker lock(&m_mutex);
    return checkLocked(key, channel, action, shape, skeleton);
}

QString DriftCheck::checkLocked(const QString& key, const QString& channel, const QString& action,
    const DataShape& shape, const QByteArray& skeleton)
{
    Entry& entry = m_entries[key];
    if (entry.shape.events < m_learningEvents) {
        entry.shape.channel = channel;
        entry.shape.action = action;
        entry.shape.learn(shape);
        entry.fits.clear(); // what fitted a shape still being learned may no longer be all that fits
        changedLocked(key);
        return {};
    }
    const QStringList changes = entry.shape.changes(shape);
    if (!changes.isEmpty()) {
        return LearnedShape::problem(changes);
    }
    if (!skeleton.isNull()) {
        if (entry.fits.size() >= MaxSkeletons) {
            entry.fits.clear();
        }
        entry.fits.insert(skeleton);
    }
    return {};
}

void DriftCheck::accept(const QString& channel, const QString& action, const DataShape& shape)
{
    QMutexLocker lock(&m_mutex);
    const QString key = keyOf(channel, action);
    Entry& entry = m_entries[key];
    entry.shape.channel = channel;
    entry.shape.action = action;
    entry.shape.learn(shape);
    entry.fits.clear();
    changedLocked(key);
}

void DriftCheck::forget(const QString& channel, const QString& action)
{
    QMutexLocker lock(&m_mutex);
    const QString key = keyOf(channel, action);
    Entry& entry = m_entries[key];
    entry.shape = LearnedShape();
    entry.shape.channel = channel;
    entry.shape.action = action;
    entry.fits.clear();
    changedLocked(key);
}

void DriftCheck::changedLocked(const QString& key)
{
    m_entries[key].shape.updatedAtMs = QDateTime::currentMSecsSinceEpoch();
    m_changed.insert(key);
}

void DriftCheck::load(const QList<LearnedShape>& shapes, const QString& historyPath)
{
    QMutexLocker lock(&m_mutex);
    m_entries.clear();
    m_changed.clear();
    m_historyPath = historyPath;
    for (const LearnedShape& shape : shapes) {
        m_entries[keyOf(shape.channel, shape.action)].shape = shape;
    }
}

QString DriftCheck::historyPath() const
{
    QMutexLocker lock(&m_mutex);
    return m_historyPath;
}

LearnedShape DriftCheck::shape(const QString& channel, const QString& action) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_entries.constFind(keyOf(channel, action));
    if (it == m_entries.constEnd()) {
        LearnedShape none;
        none.channel = channel;
        none.action = action;
        return none;
    }
    return it->shape;
}

QList<LearnedShape> DriftCheck::takeChanged()
{
    QMutexLocker lock(&m_mutex);
    QList<LearnedShape> changed;
    for (const QString& key : std::as_const(m_changed)) {
        changed.append(m_entries.value(key).shape);
    }
    m_changed.clear();
    return changed;
}
