/** A mounted drive that may hold `<mountPoint>/NPKI`. */
export interface Drive {
  /** Stable while mounted: the mount point. */
  id: string;
  mountPoint: string;
  label: string;
  /** From the OS when it says so (sysfs removable flag / USB bus, Windows DriveType 2); null when unknown. */
  removable: boolean | null;
  fsType: string | null;
  device: string | null;
}

export type DriveLister = () => Promise<Drive[]>;
