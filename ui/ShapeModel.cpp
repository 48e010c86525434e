#include "ShapeModel.h"

#include <QLocale>
#include <QSet>

ShapeModel::ShapeModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void ShapeModel::setShapes(const LearnedShape& sampled, const LearnedShape& expected)
{
    beginResetModel();
    m_sampled = sampled;
    m_expected = expected;
    QSet<QString> paths;
    for (auto it = sampled.fields.constBegin(); it != sampled.fields.constEnd(); ++it) {
        paths.insert(it.key());
    }
    for (auto it = expected.fields.constBegin(); it != expected.fields.constEnd(); ++it) {
        paths.insert(it.key());
    }
    m_paths = paths.values();
    m_paths.sort();
    endResetModel();
}

void ShapeModel::clear()
{
    setShapes({}, {});
}

int ShapeModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_paths.size());
}

int ShapeModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ShapeModel::expectedText(const QString& path) const
{
    if (m_expected.events == 0) {
        return {};
    }
    const auto it = m_expected.fields.constFind(path);
    if (it == m_expected.fields.constEnd()) {
        return tr("not expected");
    }
    const QString types = DataShape::typeNames(it->types, false);
    return m_expected.isRequired(path) ? tr("required: %1").arg(types) : tr("optional: %1").arg(types);
}

QVariant ShapeModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const QString& path = m_paths.at(index.row());
    const auto sampled = m_sampled.fields.constFind(path);
    const qint64 seen = sampled == m_sampled.fields.constEnd() ? 0 : sampled->seen;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Field:
            return path;
        case Types:
            return seen > 0 ? DataShape::typeNames(sampled->types, false) : QString();
        case Appears:
            if (m_sampled.events == 0) {
                return QString();
            }
            return tr("%1 of %2 (%3%)")
                .arg(QLocale().toString(seen), QLocale().toString(m_sampled.events))
                .arg(seen * 100 / m_sampled.events);
        case Expected:
            return expectedText(path);
        default:
            return {};
        }
    case PathRole:
        return path;
    case SeenRole:
        return seen;
    case ExpectedRole:
        return m_expected.fields.contains(path);
    default:
        return {};
    }
}

QVariant ShapeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case Field:
        return tr("Field");
    case Types:
        return tr("Types", "JSON types");
    case Appears:
        return tr("Appears in");
    case Expected:
        return tr("Expected");
    default:
        return {};
    }
}
