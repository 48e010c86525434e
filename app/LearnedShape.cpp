#include "LearnedShape.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

/// The paths above @p path that @p known holds, nearest last ("data.a", "data.a.b[]" for
/// "data.a.b[].c"). Positions inside a quoted key can only give prefixes that are no path.
template<typename Map> QStringList knownAncestors(const QString& path, const Map& known)
{
    QStringList found;
    for (qsizetype i = 1; i < path.size(); ++i) {
        const QChar c = path.at(i);
        if (c == QLatin1Char('.') || c == QLatin1Char('[')) {
            const QString prefix = path.left(i);
            if (known.contains(prefix)) {
                found.append(prefix);
            }
        }
    }
    return found;
}

} // namespace

void LearnedShape::learn(const DataShape& shape)
{
    ++events;
    for (auto it = shape.fields().constBegin(); it != shape.fields().constEnd(); ++it) {
        Field& field = fields[it.key()];
        field.types |= it.value();
        ++field.seen;
    }
}

bool LearnedShape::isRequired(const QString& path) const
{
    const auto it = fields.constFind(path);
    return it != fields.constEnd() && it->seen == events;
}

QStringList LearnedShape::changes(const DataShape& shape) const
{
    QMap<QString, QString> found; // by path, so that they read in path order
    const QMap<QString, quint8>& got = shape.fields();
    // New fields and other types. Below a path that is new or changed type, everything differs
    // too: only the topmost change is said.
    QStringList changed;
    for (auto it = got.constBegin(); it != got.constEnd(); ++it) {
        bool below = false;
        for (const QString& top : changed) {
            below = below || DataShape::isAncestor(top, it.key());
        }
        if (below) {
            continue;
        }
        const auto expected = fields.constFind(it.key());
        if (expected == fields.constEnd()) {
            found.insert(it.key(), QStringLiteral("%1 is new").arg(it.key()));
            changed.append(it.key());
        } else if (it.value() & ~expected->types) {
            found.insert(it.key(),
                QStringLiteral("%1 is %2 (expected %3)")
                    .arg(it.key(), DataShape::typeNames(it.value(), true),
                        DataShape::typeNames(expected->types, false)));
            changed.append(it.key());
        }
    }
    // Missing required fields, unless what holds them is missing or no longer a container (said
    // above), or they are the elements of an array that is empty this time.
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
        if (it->seen != events || got.contains(it.key()) || it.key().endsWith(QLatin1String("[]"))) {
            continue;
        }
        bool explained = false;
        for (const QString& ancestor : knownAncestors(it.key(), fields)) {
            // "x[]..." lives in an array, "x.y" and x["y"] in an object.
            const quint8 container = QStringView(it.key()).mid(ancestor.size()).startsWith(QLatin1String("[]"))
                ? DataShape::Array
                : DataShape::Object;
            const auto holder = got.constFind(ancestor);
            explained = explained || holder == got.constEnd() || !(holder.value() & container);
        }
        if (!explained) {
            found.insert(it.key(), QStringLiteral("%1 is missing").arg(it.key()));
        }
    }
    return found.values();
}

QString LearnedShape::problem(const QStringList& changes)
{
    QStringList shown = changes.mid(0, MaxChangesShown);
    if (changes.size() > MaxChangesShown) {
        shown.append(QStringLiteral("and %1 more").arg(changes.size() - MaxChangesShown));
    }
    return QStringLiteral("shape: ") + shown.join(QLatin1String("; "));
}

QByteArray LearnedShape::fieldsJson() const
{
    QJsonObject object;
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
        object.insert(it.key(), QJsonArray {int(it->types), it->seen});
    }
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

bool LearnedShape::readFieldsJson(const QByteArray& json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    if (!doc.isObject()) {
        return false;
    }
    fields.clear();
    const QJsonObject object = doc.object();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QJsonArray pair = it.value().toArray();
        if (pair.size() != 2) {
            return false;
        }
        fields.insert(it.key(), {quint8(pair.at(0).toInt()), pair.at(1).toInteger()});
    }
    return true;
}
