"""nbgrader configuration of the diffkit course (nbgrader 0.9).

Run nbgrader from the repository root, which is the course directory:

    nbgrader generate_assignment hw01_vacancy_mechanism --force   # solutions/ -> exercises/

solutions/  nbgrader's source folder: instructor versions, with solutions and hidden tests
exercises/  nbgrader's release folder: the student versions, generated, committed

The gradebook (an sqlite database of students and grades) is kept OUT of the repository, so that
no grade can be committed by accident: by default it is

    ~/.local/share/diffkit-courseware/gradebook.db      ($XDG_DATA_HOME is honoured)

Set DIFFKIT_GRADEBOOK to the path of another file to use that one instead, for example one per
class and term (see docs/instructors.md).
"""

import os

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

c.CourseDirectory.course_id = "diffkit"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"


def _gradebook_path():
    path = os.environ.get("DIFFKIT_GRADEBOOK")
    if not path:
        data_home = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
        path = os.path.join(data_home, "diffkit-courseware", "gradebook.db")
    path = os.path.abspath(os.path.expanduser(path))
    os.makedirs(os.path.dirname(path), exist_ok=True)  # sqlite does not create folders
    return path


c.CourseDirectory.db_url = "sqlite:///" + _gradebook_path()
