"""The Complaint Handling Codes as data: typed profiles, their loader and their description."""

from putright.policy.describe import Row, Section, describe_profile
from putright.policy.schema import Profile, ProfileError, Stage, Step, get_profile, load_profiles

__all__ = [
    "Profile",
    "ProfileError",
    "Row",
    "Section",
    "Stage",
    "Step",
    "describe_profile",
    "get_profile",
    "load_profiles",
]
